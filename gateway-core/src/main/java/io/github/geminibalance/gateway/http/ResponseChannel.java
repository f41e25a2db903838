package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.proxy.ResponseSink;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * Writes one response from any thread. Every operation hops onto the exchange's I/O thread, in the
 * order it was called, because an Undertow exchange may only be touched by one thread at a time.
 * Each chunk is flushed as soon as it is written (server-sent events must not wait in a buffer),
 * and a slow client shows up as chunks whose {@code whenWritten} callback comes late.
 */
public final class ResponseChannel implements ResponseSink {

    private final HttpServerExchange exchange;
    private final Executor ioThread;
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>(); // touched on the I/O thread only
    private final AtomicBoolean committed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onClientGone = () -> { };
    private StreamSinkChannel channel;
    private Chunk current;
    private boolean ending;

    public ResponseChannel(HttpServerExchange exchange) {
        this.exchange = exchange;
        this.ioThread = exchange.getIoThread();
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (!closed.get()) {
                clientGone();
            }
            next.proceed();
        });
    }

    @Override
    public void onClientGone(Runnable action) {
        onClientGone = action;
    }

    @Override
    public boolean isCommitted() {
        return committed.get();
    }

    @Override
    public void start(int status, List<Map.Entry<String, String>> headers) {
        committed.set(true);
        ioThread.execute(() -> {
            exchange.setStatusCode(status);
            for (Map.Entry<String, String> header : headers) {
                exchange.getResponseHeaders().put(HttpString.tryFromString(header.getKey()), header.getValue());
            }
        });
    }

    /**
     * Queues a chunk. {@code whenWritten} runs on the I/O thread once the chunk has left for the
     * client (or never, if the client went away).
     */
    @Override
    public void write(ByteBuffer data, Runnable whenWritten) {
        ioThread.execute(() -> {
            pending.add(new Chunk(data, whenWritten));
            pump();
        });
    }

    @Override
    public void end() {
        ioThread.execute(() -> {
            ending = true;
            pump();
        });
    }

    @Override
    public void sendWhole(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        committed.set(true);
        ioThread.execute(() -> {
            exchange.setStatusCode(status);
            for (Map.Entry<String, String> header : headers) {
                exchange.getResponseHeaders().put(HttpString.tryFromString(header.getKey()), header.getValue());
            }
            exchange.setResponseContentLength(body.length);
            pending.add(new Chunk(ByteBuffer.wrap(body), null));
            ending = true;
            pump();
        });
    }

    @Override
    public void abort() {
        ioThread.execute(() -> {
            closed.set(true);
            IoUtils.safeClose(exchange.getConnection());
        });
    }

    private void pump() {
        if (closed.get()) {
            pending.clear();
            return;
        }
        try {
            if (channel == null) {
                channel = exchange.getResponseChannel();
            }
            while (true) {
                if (current == null) {
                    current = pending.poll();
                }
                if (current == null) {
                    if (ending) {
                        finish();
                    } else if (!channel.flush()) {
                        awaitWritable();
                    }
                    return;
                }
                ByteBuffer data = current.data();
                while (data.hasRemaining()) {
                    if (channel.write(data) == 0) {
                        awaitWritable();
                        return;
                    }
                }
                Runnable done = current.whenWritten();
                current = null;
                if (pending.isEmpty() && !ending && !channel.flush()) {
                    // Run the callback only once the bytes are really out, so flow control is honest.
                    pending.addFirst(new Chunk(ByteBuffer.allocate(0), done));
                    awaitWritable();
                    return;
                }
                if (done != null) {
                    done.run();
                }
            }
        } catch (IOException e) {
            clientGone();
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private void finish() throws IOException {
        channel.shutdownWrites();
        if (!channel.flush()) {
            awaitWritable();
            return;
        }
        closed.set(true);
        exchange.endExchange();
    }

    private void awaitWritable() {
        channel.getWriteSetter().set(sink -> {
            sink.suspendWrites();
            pump();
        });
        channel.resumeWrites();
    }

    private void clientGone() {
        if (closed.compareAndSet(false, true)) {
            onClientGone.run();
        }
    }

    private record Chunk(ByteBuffer data, Runnable whenWritten) {}
}
