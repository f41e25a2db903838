package io.github.geminibalance.gateway.check;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled recovery ({@code CHECK_INTERVAL_HOURS}): re-checks the keys that are out of rotation
 * (failing or dead) with the cheap probe and puts those that answer back in rotation. A run never
 * overlaps the previous one, and never blocks the timer thread.
 */
public final class KeyRecovery {

    private static final Logger log = LoggerFactory.getLogger(KeyRecovery.class);

    /** Fingerprints of recovered keys named in the summary line at most. */
    private static final int MAX_NAMED = 20;

    private final InMemoryKeyPool pool;
    private final KeyChecker checker;
    private final int concurrency;
    private final AtomicBoolean running = new AtomicBoolean();

    /** @param concurrency probes in flight at most during one run */
    public KeyRecovery(InMemoryKeyPool pool, KeyChecker checker, int concurrency) {
        this.pool = pool;
        this.checker = checker;
        this.concurrency = concurrency;
    }

    /**
     * Runs {@link #runOnce} every {@code interval}, the first time one interval from now, until
     * the returned future is cancelled or the timer shuts down.
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService timer, Duration interval) {
        long millis = interval.toMillis();
        return timer.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Re-checks the keys out of rotation now. Returns at once; the future completes, with each
     * key's result, once the keys that answered are back in rotation. While a run is still going,
     * another call does nothing and its future holds no result.
     */
    public CompletableFuture<List<KeyCheckResult>> runOnce() {
        if (!running.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<ApiKey> out = pool.snapshot().keys().stream()
                .filter(status -> !status.usable())
                .map(KeyStatus::key)
                .toList();
        if (out.isEmpty()) {
            running.set(false);
            return CompletableFuture.completedFuture(List.of());
        }
        return checker.checkAll(out, concurrency, false, progress -> {}).whenComplete((results, failure) -> {
            try {
                if (results != null) {
                    results.stream().filter(result -> result.klass() == KeyClass.OK)
                            .forEach(result -> pool.reset(result.key()));
                    logSummary(results);
                }
            } finally {
                running.set(false);
            }
        });
    }

    private static void logSummary(List<KeyCheckResult> results) {
        Map<KeyClass, Long> counts = results.stream().collect(
                Collectors.groupingBy(KeyCheckResult::klass, () -> new EnumMap<>(KeyClass.class), Collectors.counting()));
        List<String> back = results.stream()
                .filter(result -> result.klass() == KeyClass.OK)
                .map(result -> result.key().fingerprint())
                .toList();
        String named = String.join(", ", back.subList(0, Math.min(back.size(), MAX_NAMED)))
                + (back.size() > MAX_NAMED ? ", …" : "");
        log.info("key recovery: re-checked {} keys out of rotation ({}); back in rotation: {} [{}]",
                results.size(),
                counts.entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
                        .collect(Collectors.joining(", ")),
                back.size(), named);
    }
}
