package io.github.geminibalance.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A sink for the gateway's own upstream calls (one page of a model list, one batch of
 * embeddings): the answer, success or error, arrives whole in {@link #response()}.
 */
public final class CapturingSink implements ResponseSink {

    private final CompletableFuture<CapturedResponse> response = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private volatile int status;
    private volatile List<Map.Entry<String, String>> headers = List.of();

    public CompletableFuture<CapturedResponse> response() {
        return response;
    }

    @Override
    public void onClientGone(Runnable action) {
        response.whenComplete((done, failure) -> {
            if (failure != null) {
                action.run(); // whoever waited gave up: the call may stop
            }
        });
    }

    @Override
    public boolean isCommitted() {
        return status != 0;
    }

    @Override
    public void start(int status, List<Map.Entry<String, String>> headers) {
        this.status = status;
        this.headers = headers;
    }

    @Override
    public synchronized void write(ByteBuffer data, Runnable whenWritten) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        body.write(bytes, 0, bytes.length);
        if (whenWritten != null) {
            whenWritten.run();
        }
    }

    @Override
    public synchronized void end() {
        response.complete(new CapturedResponse(status, headers, body.toByteArray()));
    }

    @Override
    public void sendWhole(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        this.status = status;
        response.complete(new CapturedResponse(status, headers, body));
    }

    @Override
    public void abort() {
        response.completeExceptionally(new IOException("the upstream answer broke off"));
    }
}
