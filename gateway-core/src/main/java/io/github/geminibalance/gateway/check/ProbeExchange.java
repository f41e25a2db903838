package io.github.geminibalance.gateway.check;

import io.github.geminibalance.gateway.upstream.UpstreamCall;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.gateway.upstream.UpstreamListener;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One probe request: its status and the start of its body, or why there is none. A probe that
 * outlives its deadline is cancelled and fails with a {@link TimeoutException}.
 */
final class ProbeExchange implements UpstreamListener {

    /** What is kept of a body: error bodies and model descriptions are far smaller. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** A status and the first {@link #MAX_BODY_BYTES} of the body. */
    record Answer(int status, byte[] body) {}

    private final UpstreamCall call;
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status;

    private ProbeExchange(UpstreamCall call) {
        this.call = call;
    }

    static CompletableFuture<Answer> send(
            UpstreamClient client, UpstreamRequest request, ScheduledExecutorService timer, Duration timeout) {
        try {
            ProbeExchange exchange = new ProbeExchange(client.call(request));
            ScheduledFuture<?> deadline = timer.schedule(() -> {
                exchange.answer.completeExceptionally(new TimeoutException("probe timed out"));
                exchange.call.cancel();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            exchange.answer.whenComplete((done, failure) -> deadline.cancel(false));
            exchange.call.start(exchange);
            return exchange.answer;
        } catch (RuntimeException e) {
            // A timer that is shut down, a client that is closed: the probe fails like any other.
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void onHead(UpstreamResponseHead head) {
        status = head.status();
    }

    @Override
    public void onData(ByteBuffer chunk) {
        int size = chunk.remaining();
        int kept = Math.min(size, MAX_BODY_BYTES - body.size());
        byte[] bytes = new byte[kept];
        chunk.get(bytes);
        body.writeBytes(bytes);
        call.acknowledge(size);
    }

    @Override
    public void onEnd() {
        answer.complete(new Answer(status, body.toByteArray()));
    }

    @Override
    public void onFailure(Exception cause) {
        answer.completeExceptionally(cause);
    }
}
