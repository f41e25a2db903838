package io.github.geminibalance.gateway.state;

import java.util.Collection;
import java.util.List;

/**
 * Where key states outlive the process: the embedded SQLite database by default, and any shared
 * database behind the same interface. Calls block; the gateway makes them from a thread of its
 * own, never from a request.
 */
public interface KeyStateStore extends AutoCloseable {

    /** Every stored state. */
    List<StoredKeyState> load() throws StoreException;

    /** Writes these states (replacing earlier ones of the same keys) as one transaction. */
    void save(Collection<StoredKeyState> states) throws StoreException;

    @Override
    void close();

    /** The store cannot be read or written. */
    final class StoreException extends Exception {
        private static final long serialVersionUID = 1L;

        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
