package io.github.geminibalance.gateway.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A point-in-time copy of the pool, for the key list, the admin pages and tests. */
public record KeyPoolSnapshot(Instant takenAt, List<KeyStatus> keys) {

    public KeyPoolSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        keys = List.copyOf(keys);
    }

    /** Whether a key is in rotation. */
    public enum Health {
        /** In rotation (it may still be cooling for some models). */
        ACTIVE,
        /** Out of rotation after {@code MAX_FAILURES} consecutive transient failures. */
        FAILING,
        /** Out of rotation because Google rejected the key (invalid, suspended, disabled). */
        DEAD
    }

    /**
     * One key's state.
     *
     * @param failureCount consecutive transient failures since the last success
     * @param lastError the reason of the most recent failure, or {@code null}
     * @param coolingUntil per model, when a rate-limited key comes back
     * @param exhaustedUntil per model, when a key whose daily quota is used up comes back
     */
    public record KeyStatus(
            ApiKey key,
            Health health,
            int failureCount,
            String lastError,
            Map<String, Instant> coolingUntil,
            Map<String, Instant> exhaustedUntil) {

        public KeyStatus {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(health, "health");
            coolingUntil = Map.copyOf(coolingUntil);
            exhaustedUntil = Map.copyOf(exhaustedUntil);
        }

        public boolean usable() {
            return health == Health.ACTIVE;
        }
    }
}
