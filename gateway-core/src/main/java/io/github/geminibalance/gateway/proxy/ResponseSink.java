package io.github.geminibalance.gateway.proxy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Where a proxied response goes: the client's exchange, or a buffer when the gateway makes an
 * upstream call for itself (one page of a model list, one batch of embeddings). Every method may
 * be called from any thread; calls are applied in order.
 */
public interface ResponseSink {

    /** Runs when the receiver went away before the response ended. */
    void onClientGone(Runnable action);

    /** Whether the status has been decided; after that, errors can only go into the body. */
    boolean isCommitted();

    /** Sets the status and headers of a response whose body follows in {@link #write}s. */
    void start(int status, List<Map.Entry<String, String>> headers);

    /** Queues a piece of the body; {@code whenWritten} (may be {@code null}) runs once it has left. */
    void write(ByteBuffer data, Runnable whenWritten);

    /** Ends the response after everything queued. */
    void end();

    /** Sends a complete response in one go. */
    void sendWhole(int status, List<Map.Entry<String, String>> headers, byte[] body);

    /** Cuts the response off: the honest end for a broken body whose format has no error event. */
    void abort();
}
