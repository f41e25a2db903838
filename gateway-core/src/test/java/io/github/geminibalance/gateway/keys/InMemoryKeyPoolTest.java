package io.github.geminibalance.gateway.keys;

import io.github.geminibalance.gateway.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryKeyPoolTest {

    private static final String FLASH = "gemini-2.5-flash";
    private static final String PRO = "gemini-2.5-pro";
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private static final ApiKey A = ApiKey.of("AIzaSyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1");
    private static final ApiKey B = ApiKey.of("AIzaSyBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2");
    private static final ApiKey C = ApiKey.of("AIzaSyCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC3");

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryKeyPool pool = new InMemoryKeyPool(List.of(A, B, C), 3, clock);
    private ExecutorService executor;

    @AfterEach
    void stopExecutor() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Test
    void roundRobinOverTheKeys() {
        assertEquals(List.of(A, B, C, A, B, C), acquireTimes(6, FLASH));
    }

    @Test
    void excludedKeysAreSkippedAndTheCursorMovesPastTheReturnedKey() {
        assertEquals(new Acquisition.Granted(B), pool.acquire(FLASH, Set.of(A)));
        assertEquals(new Acquisition.Granted(C), pool.acquire(FLASH, Set.of()));
        assertEquals(new Acquisition.Granted(C), pool.acquire(FLASH, Set.of(A, B)));
    }

    @Test
    void skippedKeysDoNotUnbalanceTheRotation() {
        pool.report(B, FLASH, new Outcome.Dead("invalid API key"));

        assertEquals(List.of(A, C, A, C, A, C), acquireTimes(6, FLASH));
    }

    @Test
    void deadKeyIsNeverReturnedEvenWhenEveryOtherKeyIsCooling() {
        pool.report(A, FLASH, new Outcome.Dead("suspended"));
        pool.report(B, FLASH, new Outcome.Cooling(Duration.ofSeconds(30), "rate limited"));
        pool.report(C, FLASH, new Outcome.Cooling(Duration.ofSeconds(30), "rate limited"));

        for (int i = 0; i < 10; i++) {
            assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(30)), pool.acquire(FLASH, Set.of()));
        }
    }

    @Test
    void coolingIsPerModel() {
        pool.report(A, FLASH, new Outcome.Cooling(Duration.ofSeconds(30), "rate limited"));

        assertEquals(List.of(B, C, B, C), acquireTimes(4, FLASH));
        assertEquals(new Acquisition.Granted(A), pool.acquireSpecific(A, PRO));
        assertTrue(acquireTimes(3, PRO).contains(A));
    }

    @Test
    void allCoolingRetryAfterIsTheSoonestRecovery() {
        pool.report(A, FLASH, new Outcome.Cooling(Duration.ofSeconds(30), "rate limited"));
        pool.report(B, FLASH, new Outcome.Cooling(Duration.ofSeconds(10), "rate limited"));
        pool.report(C, FLASH, new Outcome.Exhausted("daily quota exhausted"));

        assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(10)), pool.acquire(FLASH, Set.of()));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndAtLeastOne() {
        InMemoryKeyPool single = new InMemoryKeyPool(List.of(A), 3, clock);
        single.report(A, FLASH, new Outcome.Cooling(Duration.ofMillis(1500), "rate limited"));
        assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(2)), single.acquire(FLASH, Set.of()));

        clock.advance(Duration.ofMillis(1400));
        assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(1)), single.acquire(FLASH, Set.of()));
    }

    @Test
    void excludedCoolingKeysDoNotCountTowardsRetryAfter() {
        pool.report(A, FLASH, new Outcome.Cooling(Duration.ofSeconds(5), "rate limited"));
        pool.report(B, FLASH, new Outcome.Cooling(Duration.ofSeconds(40), "rate limited"));
        pool.report(C, FLASH, new Outcome.Dead("invalid API key"));

        assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(40)), pool.acquire(FLASH, Set.of(A)));
    }

    @Test
    void expiredCooldownBringsTheKeyBackAndLeavesTheSnapshot() {
        InMemoryKeyPool single = new InMemoryKeyPool(List.of(A), 3, clock);
        single.report(A, FLASH, new Outcome.Cooling(Duration.ofSeconds(26), "rate limited"));
        assertEquals(Map.of(FLASH, START.plusSeconds(26)), single.snapshot().keys().get(0).coolingUntil());

        clock.advance(Duration.ofSeconds(26));

        assertEquals(new Acquisition.Granted(A), single.acquire(FLASH, Set.of()));
        assertEquals(Map.of(), single.snapshot().keys().get(0).coolingUntil());
    }

    @Test
    void laterCooldownIsNotShortenedByAnEarlierOne() {
        pool.report(A, FLASH, new Outcome.Cooling(Duration.ofSeconds(50), "rate limited"));
        pool.report(A, FLASH, new Outcome.Cooling(Duration.ofSeconds(5), "rate limited"));

        assertEquals(START.plusSeconds(50), status(A).coolingUntil().get(FLASH));
    }

    @Test
    void exhaustedUntilTheNextMidnightPacificTime() {
        InMemoryKeyPool single = new InMemoryKeyPool(List.of(A), 3, clock);
        single.report(A, FLASH, new Outcome.Exhausted("daily quota exhausted"));

        Instant reset = Instant.parse("2026-11-27T08:00:00Z");
        assertEquals(Map.of(FLASH, reset), single.snapshot().keys().get(0).exhaustedUntil());
        assertEquals(new Acquisition.AllCooling(Duration.ofHours(22)), single.acquire(FLASH, Set.of()));
        assertEquals(new Acquisition.Granted(A), single.acquire(PRO, Set.of()));

        clock.set(reset.minusSeconds(1));
        assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(1)), single.acquire(FLASH, Set.of()));
        clock.set(reset);
        assertEquals(new Acquisition.Granted(A), single.acquire(FLASH, Set.of()));
    }

    @Test
    void nextQuotaResetFollowsDaylightSavingTime() {
        assertEquals(
                Instant.parse("2026-07-02T07:00:00Z"),
                InMemoryKeyPool.nextQuotaReset(Instant.parse("2026-07-01T10:00:00Z")));
        // 23:30 PST is already the next UTC day; the reset is half an hour away.
        assertEquals(
                Instant.parse("2026-11-28T08:00:00Z"),
                InMemoryKeyPool.nextQuotaReset(Instant.parse("2026-11-28T07:30:00Z")));
    }

    @Test
    void transientFailuresUpToMaxFailuresTakeTheKeyOutOfRotation() {
        InMemoryKeyPool single = new InMemoryKeyPool(List.of(A), 3, clock);
        single.report(A, FLASH, new Outcome.Transient("HTTP 503"));
        single.report(A, FLASH, new Outcome.Transient("timeout"));
        assertEquals(new Acquisition.Granted(A), single.acquire(FLASH, Set.of()));

        single.report(A, FLASH, new Outcome.Transient("HTTP 500"));

        KeyStatus status = single.snapshot().keys().get(0);
        assertEquals(Health.FAILING, status.health());
        assertEquals(3, status.failureCount());
        assertEquals("HTTP 500", status.lastError());
        assertEquals(
                new Acquisition.Unavailable("all 1 keys are out of rotation (dead: 0, failing: 1)"),
                single.acquire(FLASH, Set.of()));
    }

    @Test
    void successResetsTheFailureCountAndKeepsTheLastError() {
        pool.report(A, FLASH, new Outcome.Transient("HTTP 503"));
        pool.report(A, FLASH, new Outcome.Transient("HTTP 503"));
        pool.report(A, FLASH, new Outcome.Success());
        pool.report(A, FLASH, new Outcome.Transient("connection reset"));
        pool.report(A, FLASH, new Outcome.Transient("connection reset"));

        assertEquals(Health.ACTIVE, status(A).health());
        assertEquals(2, status(A).failureCount());

        pool.report(A, FLASH, new Outcome.Success());
        assertEquals(0, status(A).failureCount());
        assertEquals("connection reset", status(A).lastError());
    }

    @Test
    void successBringsAFailingKeyBackButNotADeadOne() {
        for (int i = 0; i < 3; i++) {
            pool.report(A, FLASH, new Outcome.Transient("timeout"));
        }
        pool.report(B, FLASH, new Outcome.Dead("suspended"));

        pool.report(A, FLASH, new Outcome.Success());
        pool.report(B, FLASH, new Outcome.Success());

        assertEquals(Health.ACTIVE, status(A).health());
        assertEquals(Health.DEAD, status(B).health());
    }

    @Test
    void deadKeyKeepsItsReason() {
        pool.report(B, FLASH, new Outcome.Dead("invalid API key"));

        assertEquals(Health.DEAD, status(B).health());
        assertEquals("invalid API key", status(B).lastError());
        assertEquals(List.of(A, C, A, C), acquireTimes(4, PRO));
    }

    @Test
    void clientErrorChangesNothing() {
        pool.report(A, FLASH, new Outcome.Transient("HTTP 503"));
        KeyPoolSnapshot before = pool.snapshot();

        pool.report(A, FLASH, new Outcome.ClientError("HTTP 400 INVALID_ARGUMENT"));

        assertEquals(before, pool.snapshot());
    }

    @Test
    void unknownKeysAreIgnored() {
        ApiKey stranger = ApiKey.of("AIzaSyZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ9");
        KeyPoolSnapshot before = pool.snapshot();

        pool.report(stranger, FLASH, new Outcome.Dead("suspended"));
        pool.reset(stranger);

        assertEquals(before, pool.snapshot());
        assertEquals(new Acquisition.Unavailable("the key is not in the pool"), pool.acquireSpecific(stranger, FLASH));
    }

    @Test
    void resetPutsOneKeyBack() {
        pool.report(A, FLASH, new Outcome.Dead("suspended"));
        pool.report(B, FLASH, new Outcome.Dead("suspended"));
        pool.report(B, PRO, new Outcome.Cooling(Duration.ofSeconds(30), "rate limited"));

        pool.reset(B);

        assertEquals(new KeyStatus(B, Health.ACTIVE, 0, null, Map.of(), Map.of()), status(B));
        assertEquals(Health.DEAD, status(A).health());
    }

    @Test
    void resetAllPutsEveryKeyBack() {
        pool.report(A, FLASH, new Outcome.Dead("suspended"));
        for (int i = 0; i < 3; i++) {
            pool.report(B, FLASH, new Outcome.Transient("timeout"));
        }
        pool.report(C, FLASH, new Outcome.Exhausted("daily quota exhausted"));

        pool.resetAll();

        for (KeyStatus status : pool.snapshot().keys()) {
            assertEquals(new KeyStatus(status.key(), Health.ACTIVE, 0, null, Map.of(), Map.of()), status);
        }
        assertEquals(Set.of(A, B, C), Set.copyOf(acquireTimes(3, FLASH)));
    }

    @Test
    void acquireSpecific() {
        pool.report(B, FLASH, new Outcome.Cooling(Duration.ofSeconds(26), "rate limited"));
        pool.report(C, FLASH, new Outcome.Dead("suspended"));

        assertEquals(new Acquisition.Granted(A), pool.acquireSpecific(A, FLASH));
        assertEquals(new Acquisition.AllCooling(Duration.ofSeconds(26)), pool.acquireSpecific(B, FLASH));
        assertEquals(new Acquisition.Granted(B), pool.acquireSpecific(B, PRO));
        assertEquals(new Acquisition.Unavailable("the key is out of rotation (dead)"), pool.acquireSpecific(C, PRO));
        // Asking for a particular key does not move the rotation.
        assertEquals(new Acquisition.Granted(A), pool.acquire(PRO, Set.of()));
    }

    @Test
    void unavailableReasons() {
        assertEquals(
                new Acquisition.Unavailable("no API keys configured"),
                new InMemoryKeyPool(List.of(), 3, clock).acquire(FLASH, Set.of()));
        assertEquals(
                new Acquisition.Unavailable("every usable key was already tried"),
                pool.acquire(FLASH, Set.of(A, B, C)));

        pool.report(A, FLASH, new Outcome.Dead("suspended"));
        assertEquals(
                new Acquisition.Unavailable("every usable key was already tried"),
                pool.acquire(FLASH, Set.of(B, C)));

        pool.report(B, FLASH, new Outcome.Dead("invalid API key"));
        for (int i = 0; i < 3; i++) {
            pool.report(C, FLASH, new Outcome.Transient("HTTP 500"));
        }
        assertEquals(
                new Acquisition.Unavailable("all 3 keys are out of rotation (dead: 2, failing: 1)"),
                pool.acquire(FLASH, Set.of(C)));
    }

    @Test
    void duplicateKeysAreDroppedAndOrderIsKept() {
        InMemoryKeyPool withDuplicates =
                new InMemoryKeyPool(List.of(B, A, ApiKey.of(B.value()), C, A), 3, clock);

        List<ApiKey> order = withDuplicates.snapshot().keys().stream().map(KeyStatus::key).toList();

        assertEquals(List.of(B, A, C), order);
        assertEquals(START, withDuplicates.snapshot().takenAt());
    }

    @Test
    void maxFailuresMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryKeyPool(List.of(A), 0, clock));
    }

    @Test
    void concurrentReportsLoseNoUpdate() throws Exception {
        InMemoryKeyPool tolerant = new InMemoryKeyPool(List.of(A, B), Integer.MAX_VALUE, clock);
        int threads = 8;
        int reportsPerThread = 10_000;
        runConcurrently(Collections.nCopies(threads, () -> {
            for (int i = 0; i < reportsPerThread; i++) {
                tolerant.report(A, FLASH, new Outcome.Transient("timeout"));
                if (i % 100 == 0) {
                    tolerant.report(A, "model-" + (i % 7), new Outcome.Cooling(Duration.ofSeconds(60), "rate limited"));
                }
            }
        }));

        KeyStatus status = tolerant.snapshot().keys().get(0);
        assertEquals(threads * reportsPerThread, status.failureCount());
        assertEquals(Health.ACTIVE, status.health());
        assertEquals(7, status.coolingUntil().size());
    }

    @Test
    void concurrentAcquireNeverReturnsAKeyThatWasDeadBeforeItStarted() throws Exception {
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            keys.add(ApiKey.of(String.format("AIzaSyCONCURRENT-test-key-00000000000%02d", i)));
        }
        InMemoryKeyPool shared = new InMemoryKeyPool(keys, 3, clock);
        Set<ApiKey> killed = ConcurrentHashMap.newKeySet();
        AtomicInteger acquisitions = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        int acquirers = 7;
        int acquiresPerThread = 10_000;

        Runnable acquirer = () -> {
            for (int i = 0; i < acquiresPerThread; i++) {
                Set<ApiKey> deadBefore = Set.copyOf(killed);
                Acquisition acquisition = shared.acquire(FLASH, Set.of());
                acquisitions.incrementAndGet();
                if (!(acquisition instanceof Acquisition.Granted granted) || deadBefore.contains(granted.key())) {
                    violations.incrementAndGet();
                    continue;
                }
                shared.report(granted.key(), FLASH, new Outcome.Success());
            }
        };
        // Kills all keys but the last one while the acquirers run, one every 2,000 acquisitions.
        Runnable killer = () -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; i < keys.size() - 1; i++) {
                while (acquisitions.get() < (i + 1) * 2_000 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                shared.report(keys.get(i), FLASH, new Outcome.Dead("suspended"));
                killed.add(keys.get(i));
            }
        };
        List<Runnable> tasks = new ArrayList<>(List.of(killer));
        for (int t = 0; t < acquirers; t++) {
            tasks.add(acquirer);
        }

        runConcurrently(tasks);

        assertEquals(0, violations.get());
        assertEquals(keys.size() - 1, killed.size());
        for (KeyStatus status : shared.snapshot().keys()) {
            assertEquals(killed.contains(status.key()) ? Health.DEAD : Health.ACTIVE, status.health());
        }
        ApiKey survivor = keys.get(keys.size() - 1);
        assertEquals(new Acquisition.Granted(survivor), shared.acquire(FLASH, Set.of()));
    }

    @Test
    void concurrentAcquireSpreadsEvenly() throws Exception {
        Map<ApiKey, AtomicInteger> served = new ConcurrentHashMap<>();
        int threads = 6;
        int acquiresPerThread = 3_000;

        runConcurrently(Collections.nCopies(threads, () -> {
            for (int i = 0; i < acquiresPerThread; i++) {
                ApiKey key = ((Acquisition.Granted) pool.acquire(FLASH, Set.of())).key();
                served.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
        }));

        // Each caller takes its own cursor step, so the three keys share the load exactly.
        for (ApiKey key : List.of(A, B, C)) {
            assertEquals(threads * acquiresPerThread / 3, served.get(key).get());
        }
    }

    private List<ApiKey> acquireTimes(int times, String model) {
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            Acquisition acquisition = pool.acquire(model, Set.of());
            keys.add(((Acquisition.Granted) acquisition).key());
        }
        return keys;
    }

    private KeyStatus status(ApiKey key) {
        return pool.snapshot().keys().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    /** Runs each task on its own thread, all started together, bounded in time. */
    private void runConcurrently(List<Runnable> tasks) throws Exception {
        executor = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
            futures.add(executor.submit(() -> {
                go.await();
                task.run();
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
    }
}
