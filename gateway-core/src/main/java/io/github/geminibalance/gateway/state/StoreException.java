package io.github.geminibalance.gateway.state;

/** A store (of key states or of logs) cannot be read or written. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
