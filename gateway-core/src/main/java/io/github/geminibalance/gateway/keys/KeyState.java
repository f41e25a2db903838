package io.github.geminibalance.gateway.keys;

import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One key's state in {@link InMemoryKeyPool}: an immutable value, replaced as a whole on every
 * change, so that concurrent reports compose through compare-and-set instead of losing updates.
 * Every transition takes "now" as an argument and is a pure function, because a compare-and-set
 * loop may run it more than once.
 *
 * @param lastError the reason of the most recent {@link Outcome.Dead} or {@link Outcome.Transient},
 *     or {@code null}
 */
record KeyState(
        Health health,
        int failureCount,
        String lastError,
        Map<String, Instant> coolingUntil,
        Map<String, Instant> exhaustedUntil) {

    /** A key as configured, or as an admin reset leaves it. */
    static final KeyState FRESH = new KeyState(Health.ACTIVE, 0, null, Map.of(), Map.of());

    KeyState {
        Objects.requireNonNull(health, "health");
        coolingUntil = Map.copyOf(coolingUntil);
        exhaustedUntil = Map.copyOf(exhaustedUntil);
    }

    /**
     * When this key becomes usable for {@code model} again, or {@code null} if it is usable now
     * as far as cooldowns go (its health is the caller's concern). A key both cooling and
     * exhausted for the model comes back when both have expired.
     */
    Instant blockedUntil(String model, Instant now) {
        Instant until = later(coolingUntil.get(model), exhaustedUntil.get(model));
        return until != null && until.isAfter(now) ? until : null;
    }

    /**
     * A success ends the run of consecutive failures, and brings a {@code FAILING} key back, since
     * it proves the key works. A {@code DEAD} key stays dead: Google rejected it, and a success
     * can be the late answer of a request that started before; only a reset (admin or probe)
     * revives it. {@link #lastError()} is kept as history for the admin page.
     */
    KeyState succeeded() {
        Health next = health == Health.FAILING ? Health.ACTIVE : health;
        return new KeyState(next, 0, lastError, coolingUntil, exhaustedUntil);
    }

    KeyState died(String reason) {
        return new KeyState(Health.DEAD, failureCount, reason, coolingUntil, exhaustedUntil);
    }

    KeyState failedTransiently(String reason, int maxFailures) {
        int count = failureCount + 1;
        Health next = health == Health.ACTIVE && count >= maxFailures ? Health.FAILING : health;
        return new KeyState(next, count, reason, coolingUntil, exhaustedUntil);
    }

    KeyState coolingFor(String model, Instant until, Instant now) {
        return new KeyState(
                health, failureCount, lastError, extend(coolingUntil, model, until, now), exhaustedUntil);
    }

    KeyState exhaustedFor(String model, Instant until, Instant now) {
        return new KeyState(
                health, failureCount, lastError, coolingUntil, extend(exhaustedUntil, model, until, now));
    }

    KeyStatus toStatus(ApiKey key, Instant now) {
        return new KeyStatus(
                key, health, failureCount, lastError, unexpired(coolingUntil, now), unexpired(exhaustedUntil, now));
    }

    /**
     * Adds a cooldown, never shortening a running one (reports of concurrent attempts arrive in
     * any order), and drops expired entries so the maps stay as small as the set of busy models.
     */
    private static Map<String, Instant> extend(Map<String, Instant> until, String model, Instant end, Instant now) {
        Map<String, Instant> next = new HashMap<>(unexpired(until, now));
        next.merge(model, end, KeyState::later);
        return next;
    }

    /** The later of two instants, either of which may be {@code null}. */
    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Map<String, Instant> unexpired(Map<String, Instant> until, Instant now) {
        Map<String, Instant> kept = new HashMap<>();
        until.forEach((model, end) -> {
            if (end.isAfter(now)) {
                kept.put(model, end);
            }
        });
        return kept;
    }
}
