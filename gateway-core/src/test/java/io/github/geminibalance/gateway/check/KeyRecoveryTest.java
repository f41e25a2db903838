package io.github.geminibalance.gateway.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.MutableClock;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import io.github.geminibalance.gateway.keys.Outcome;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyRecoveryTest {

    private static final String MODEL = "gemini-2.5-flash";
    private static final ApiKey ACTIVE = ApiKey.of("AIzaSyActive-key-aaaaaaaaaaaaaaaaaaaaaaa");
    private static final ApiKey FAILING = ApiKey.of("AIzaSyFailing-key-bbbbbbbbbbbbbbbbbbbbbb");
    private static final ApiKey DEAD = ApiKey.of("AIzaSyDead-key-cccccccccccccccccccccccccc");
    private static final ApiKey STILL_INVALID = ApiKey.of("AIzaSyInvalid-key-dddddddddddddddddddddd");

    private final FakeUpstream upstream = new FakeUpstream();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), 8);
    private final InMemoryKeyPool pool = new InMemoryKeyPool(
            List.of(ACTIVE, FAILING, DEAD, STILL_INVALID), 1, new MutableClock(Instant.parse("2026-11-26T10:00:00Z")));
    private final KeyRecovery recovery = new KeyRecovery(pool,
            new KeyChecker(client, timer, URI.create(upstream.baseUrl()), MODEL, Duration.ofSeconds(5)), 4);

    @AfterEach
    void close() {
        client.close();
        timer.shutdownNow();
        upstream.close();
    }

    private void breakKeys() {
        pool.report(FAILING, MODEL, new Outcome.Transient("HTTP 503"));
        pool.report(DEAD, MODEL, new Outcome.Dead("permission denied"));
        pool.report(STILL_INVALID, MODEL, new Outcome.Dead("invalid API key"));
    }

    private void answerOkExceptForTheInvalidKey() {
        upstream.script(call -> {
            boolean invalid = STILL_INVALID.value().equals(call.key());
            call.status(invalid ? 400 : 200, "application/json");
            call.send(invalid ? ErrorBodies.INVALID : "{}");
        });
    }

    @Test
    void keysThatAnswerComeBackAndTheOthersStayOut() {
        breakKeys();
        answerOkExceptForTheInvalidKey();

        List<KeyCheckResult> results = recovery.runOnce().join();

        assertEquals(Map.of(FAILING, KeyClass.OK, DEAD, KeyClass.OK, STILL_INVALID, KeyClass.INVALID),
                results.stream().collect(Collectors.toMap(KeyCheckResult::key, KeyCheckResult::klass)));
        assertEquals(Map.of(ACTIVE, Health.ACTIVE, FAILING, Health.ACTIVE, DEAD, Health.ACTIVE,
                        STILL_INVALID, Health.DEAD), health());
        assertEquals(3, upstream.requests(), "only keys out of rotation are probed");
    }

    @Test
    void nothingOutOfRotationMeansNoProbe() {
        assertEquals(List.of(), recovery.runOnce().join());
        assertEquals(0, upstream.requests());
    }

    @Test
    void aRunNeverOverlapsTheOneStillGoing() throws InterruptedException {
        breakKeys();
        CountDownLatch release = new CountDownLatch(1);
        upstream.script(call -> {
            release.await(5, TimeUnit.SECONDS);
            call.status(200, "application/json");
            call.send("{}");
        });

        CompletableFuture<List<KeyCheckResult>> first = recovery.runOnce();
        List<KeyCheckResult> second = recovery.runOnce().join();
        release.countDown();

        assertEquals(List.of(), second);
        assertEquals(3, first.join().size());
        assertEquals(3, upstream.requests());
    }

    @Test
    void theScheduleRunsTheRecoveryEveryInterval() throws InterruptedException {
        breakKeys();
        answerOkExceptForTheInvalidKey();

        recovery.schedule(timer, Duration.ofMillis(50));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (health().get(DEAD) != Health.ACTIVE && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Health.ACTIVE, health().get(FAILING));
        assertEquals(Health.ACTIVE, health().get(DEAD));
        pool.report(DEAD, MODEL, new Outcome.Dead("permission denied"));
        while (health().get(DEAD) != Health.ACTIVE && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Health.ACTIVE, health().get(DEAD), "the next run brings it back again");
        assertEquals(Health.DEAD, health().get(STILL_INVALID));
    }

    @Test
    void theScheduleWaitsOneIntervalBeforeEachRun() throws InterruptedException {
        breakKeys();
        answerOkExceptForTheInvalidKey();
        ManualTimer manual = new ManualTimer();
        try {
            recovery.schedule(manual, Duration.ofHours(1));

            assertEquals(List.of(3_600_000L, 3_600_000L), List.of(manual.initialDelayMillis, manual.delayMillis),
                    "the first run one interval from now, then one interval after each run");
            assertEquals(0, upstream.requests(), "nothing runs before the interval is over");

            manual.elapse(); // the hour is over
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (health().get(DEAD) != Health.ACTIVE && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Health.ACTIVE, health().get(FAILING));
            assertEquals(Health.ACTIVE, health().get(DEAD));
            assertEquals(Health.DEAD, health().get(STILL_INVALID));
        } finally {
            manual.shutdownNow();
        }
    }

    /** A timer whose time passes only when the test says so. */
    private static final class ManualTimer extends ScheduledThreadPoolExecutor {
        private Runnable task;
        private long initialDelayMillis;
        private long delayMillis;

        ManualTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            task = command;
            initialDelayMillis = unit.toMillis(initialDelay);
            delayMillis = unit.toMillis(delay);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS); // a handle that is never due
        }

        void elapse() {
            task.run();
        }
    }

    private Map<ApiKey, Health> health() {
        return pool.snapshot().keys().stream().collect(Collectors.toMap(KeyStatus::key, KeyStatus::health));
    }
}
