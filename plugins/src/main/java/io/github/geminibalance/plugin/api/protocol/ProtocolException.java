package io.github.geminibalance.plugin.api.protocol;

/** A client request a {@link ProtocolAdapter} refuses, with the HTTP status to answer with. */
public class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
