package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.util.Collection;
import java.util.List;

/**
 * Where key states outlive the process: the embedded SQLite database by default, and any shared
 * database behind the same interface. A store knows each key by {@link KeyHashes its hash} and
 * never writes the key itself. Calls block; the gateway makes them from a thread of its own,
 * never from a request.
 */
public interface KeyStateStore extends AutoCloseable {

    /** The saved states of those of {@code keys} the store has. */
    List<KeyStatus> load(Collection<ApiKey> keys) throws StoreException;

    /** Writes these states (replacing earlier ones of the same keys) as one transaction. */
    void save(Collection<KeyStatus> states) throws StoreException;

    @Override
    void close();
}
