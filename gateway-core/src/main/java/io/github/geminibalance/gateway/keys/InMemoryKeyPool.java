package io.github.geminibalance.gateway.keys;

import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The key pool of one gateway process (DESIGN.md §2).
 *
 * <p>Selection is round robin: one cursor walks the key list, each {@link #acquire} starts where
 * the previous one left off and the cursor moves past the key it returns, so load spreads evenly
 * and concurrent callers start at different keys. Dead and failing keys are never returned.
 *
 * <p>Each key's state is an immutable value in its own {@link AtomicReference}, changed only by
 * {@code updateAndGet}: concurrent reports never lose an update, and no lock is held. A
 * {@link #snapshot()} is consistent per key; keys are read one after another.
 */
public final class InMemoryKeyPool implements KeyPool {

    /** Gemini API daily quotas reset at midnight Pacific time. */
    static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

    private final List<Slot> slots;
    private final Map<ApiKey, Slot> byKey;
    private final int maxFailures;
    private final Clock clock;
    private final AtomicInteger cursor = new AtomicInteger();

    /**
     * @param keys the pool's keys; duplicates are dropped, the first occurrence keeps its place
     * @param maxFailures consecutive transient failures after which a key is out of rotation
     *     ({@code FAILING}); at least 1
     * @param clock the source of "now" for cooldowns and daily resets
     */
    public InMemoryKeyPool(List<ApiKey> keys, int maxFailures, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures: " + maxFailures + " (expected: >= 1)");
        }
        this.maxFailures = maxFailures;
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<ApiKey, Slot> slotsByKey = new LinkedHashMap<>();
        for (ApiKey key : new LinkedHashSet<>(keys)) {
            slotsByKey.put(Objects.requireNonNull(key, "key"), new Slot(key, new AtomicReference<>(KeyState.FRESH)));
        }
        this.slots = List.copyOf(slotsByKey.values());
        this.byKey = Map.copyOf(slotsByKey);
    }

    @Override
    public Acquisition acquire(String model, Set<ApiKey> excluded) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(excluded, "excluded");
        int n = slots.size();
        if (n == 0) {
            return new Acquisition.Unavailable("no API keys configured");
        }
        Instant now = clock.instant();
        int start = cursor.getAndUpdate(c -> (c + 1) % n);
        int dead = 0;
        int failing = 0;
        Instant soonest = null;
        for (int i = 0; i < n; i++) {
            int index = (start + i) % n;
            Slot slot = slots.get(index);
            KeyState state = slot.state().get();
            if (state.health() != Health.ACTIVE) {
                if (state.health() == Health.DEAD) {
                    dead++;
                } else {
                    failing++;
                }
                continue;
            }
            if (excluded.contains(slot.key())) {
                continue;
            }
            Instant back = state.blockedUntil(model, now);
            if (back == null) {
                // Move the cursor past the returned key so the next caller does not start at it
                // again; if another caller has moved the cursor meanwhile, its move stands.
                cursor.compareAndSet((start + 1) % n, (index + 1) % n);
                return new Acquisition.Granted(slot.key());
            }
            soonest = soonest == null || back.isBefore(soonest) ? back : soonest;
        }
        if (soonest != null) {
            return new Acquisition.AllCooling(retryAfter(now, soonest));
        }
        if (dead + failing == n) {
            return new Acquisition.Unavailable(
                    "all " + n + " keys are out of rotation (dead: " + dead + ", failing: " + failing + ")");
        }
        return new Acquisition.Unavailable("every usable key was already tried");
    }

    @Override
    public Acquisition acquireSpecific(ApiKey key, String model) {
        Objects.requireNonNull(model, "model");
        Slot slot = byKey.get(key);
        if (slot == null) {
            return new Acquisition.Unavailable("the key is not in the pool");
        }
        KeyState state = slot.state().get();
        if (state.health() != Health.ACTIVE) {
            return new Acquisition.Unavailable(
                    "the key is out of rotation (" + state.health().name().toLowerCase(Locale.ROOT) + ")");
        }
        Instant now = clock.instant();
        Instant back = state.blockedUntil(model, now);
        return back == null ? new Acquisition.Granted(slot.key()) : new Acquisition.AllCooling(retryAfter(now, back));
    }

    @Override
    public void report(ApiKey key, String model, Outcome outcome) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        Slot slot = byKey.get(key);
        if (slot != null) {
            slot.state().updateAndGet(transition(model, outcome, clock.instant()));
        }
    }

    @Override
    public KeyPoolSnapshot snapshot() {
        Instant now = clock.instant();
        List<KeyStatus> statuses = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            statuses.add(slot.state().get().toStatus(slot.key(), now));
        }
        return new KeyPoolSnapshot(now, statuses);
    }

    /** Puts one key back in rotation with no failures, errors or cooldowns. Unknown keys are ignored. */
    public void reset(ApiKey key) {
        Slot slot = byKey.get(key);
        if (slot != null) {
            slot.state().set(KeyState.FRESH);
        }
    }

    /**
     * Puts back a key's state as it was saved before a restart: its health, failures and the
     * cooldowns still running. Unknown keys are ignored.
     */
    public void restore(KeyStatus saved) {
        Slot slot = byKey.get(saved.key());
        if (slot != null) {
            slot.state().set(new KeyState(saved.health(), saved.failureCount(), saved.lastError(),
                    saved.coolingUntil(), saved.exhaustedUntil()));
        }
    }

    /** {@link #reset} for every key. */
    public void resetAll() {
        slots.forEach(slot -> slot.state().set(KeyState.FRESH));
    }

    private UnaryOperator<KeyState> transition(String model, Outcome outcome, Instant now) {
        if (outcome instanceof Outcome.Success) {
            return KeyState::succeeded;
        }
        if (outcome instanceof Outcome.Dead dead) {
            return state -> state.died(dead.reason());
        }
        if (outcome instanceof Outcome.Transient failure) {
            return state -> state.failedTransiently(failure.reason(), maxFailures);
        }
        if (outcome instanceof Outcome.Cooling cooling) {
            Instant until = now.plus(cooling.retryDelay());
            return state -> state.coolingFor(model, until, now);
        }
        if (outcome instanceof Outcome.Exhausted) {
            Instant until = nextQuotaReset(now);
            return state -> state.exhaustedFor(model, until, now);
        }
        // ClientError: the request was at fault, not the key.
        return UnaryOperator.identity();
    }

    /** The next midnight in Pacific time after {@code now}, when per-day quotas reset. */
    static Instant nextQuotaReset(Instant now) {
        return now.atZone(QUOTA_ZONE).toLocalDate().plusDays(1).atStartOfDay(QUOTA_ZONE).toInstant();
    }

    /** Whole seconds, rounded up and at least one, as a {@code Retry-After} header needs them. */
    private static Duration retryAfter(Instant now, Instant back) {
        Duration remaining = Duration.between(now, back);
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private record Slot(ApiKey key, AtomicReference<KeyState> state) {}
}
