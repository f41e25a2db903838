package io.github.geminibalance.gateway.upstream;

import java.nio.ByteBuffer;

/**
 * Receives one upstream response as it arrives. Every method runs on an HttpClient I/O reactor
 * thread and must not block. Exactly one of {@link #onEnd()} and {@link #onFailure} ends the call.
 */
public interface UpstreamListener {

    /** The status and headers arrived. */
    void onHead(UpstreamResponseHead head);

    /**
     * The next piece of the body. The buffer is only valid during this call. Its bytes count
     * against the call's receive window until {@link UpstreamCall#acknowledge(int)} releases them:
     * that is how a slow client slows the upstream instead of filling memory.
     */
    void onData(ByteBuffer chunk);

    /** The body is complete. */
    void onEnd();

    /** The call failed: connection error, timeout, cancellation or a broken listener. */
    void onFailure(Exception cause);
}
