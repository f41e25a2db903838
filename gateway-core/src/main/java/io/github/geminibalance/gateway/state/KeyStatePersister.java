package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's key states in a {@link KeyStateStore}: restores them at start, then, on a thread
 * of its own, writes what changed since the last write, once per interval and in one transaction,
 * so that no request ever waits on the database. When the store fails the gateway goes on with its
 * states in memory, says once that it is degraded, and says when the store is back.
 */
public final class KeyStatePersister implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyStatePersister.class);

    private final KeyStateStore store;
    private final InMemoryKeyPool pool;
    /** What the store holds, as far as this persister knows: the last state written of each key. */
    private final Map<ApiKey, KeyStatus> written = new HashMap<>();
    private final WriterThread writer = new WriterThread("key-state-writer");
    private volatile boolean degraded;

    private KeyStatePersister(KeyStateStore store, InMemoryKeyPool pool) {
        this.store = store;
        this.pool = pool;
    }

    /**
     * Restores the pool's keys from {@code store} and starts writing their changes every {@code interval}.
     *
     * @return the persister, to close at shutdown (which writes the last changes)
     */
    public static KeyStatePersister start(KeyStateStore store, InMemoryKeyPool pool, Duration interval) {
        KeyStatePersister persister = new KeyStatePersister(store, pool);
        persister.restore();
        persister.writer.every(interval, interval, persister::writeChanges);
        return persister;
    }

    /** Whether the last write failed, so that states live only in memory for now. */
    public boolean degraded() {
        return degraded;
    }

    private void restore() {
        List<ApiKey> keys = pool.snapshot().keys().stream().map(KeyStatus::key).toList();
        List<KeyStatus> saved;
        try {
            saved = store.load(keys);
        } catch (StoreException e) {
            failed("cannot read the saved key states, every key starts fresh", e);
            return;
        }
        for (KeyStatus state : saved) {
            pool.restore(state);
            written.put(state.key(), state);
        }
        log.info("restored the saved states of {} of {} keys", saved.size(), keys.size());
    }

    /** Writes the states that differ from the last ones written; on the writer thread only. */
    private void writeChanges() {
        List<KeyStatus> changed = pool.snapshot().keys().stream()
                .filter(state -> !state.equals(written.get(state.key())))
                .toList();
        if (changed.isEmpty()) {
            return;
        }
        try {
            store.save(changed);
        } catch (StoreException | RuntimeException e) {
            if (!degraded) {
                failed("cannot save key states, they are kept in memory only until the store works again", e);
            }
            degraded = true;
            return;
        }
        changed.forEach(state -> written.put(state.key(), state));
        if (degraded) {
            degraded = false;
            log.info("key states are saved again");
        }
    }

    private static void failed(String what, Exception e) {
        log.warn("{}: {}", what, e.getMessage());
    }

    /** Writes the last changes, then closes the store. */
    @Override
    public void close() {
        try {
            writer.stop(this::writeChanges); // the last changes, from this thread alone
        } finally {
            store.close();
        }
    }
}
