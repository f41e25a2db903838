package io.github.geminibalance.gateway.proxy;

/** How a successful upstream body travels to the client. */
public enum ResponseMode {
    /** Bytes are forwarded as they arrive, untouched. */
    PIPE,
    /**
     * A server-sent event stream: parsed, and every event re-emitted as soon as it is complete, each
     * ending with its blank line. The response is committed on the first event, so an upstream that
     * fails before it can still be retried on another key.
     */
    SSE,
    /** The whole body is read, then transformed (model lists, upload answers), then sent. */
    CAPTURE
}
