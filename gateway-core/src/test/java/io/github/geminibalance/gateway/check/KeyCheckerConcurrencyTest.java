package io.github.geminibalance.gateway.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyCheckerConcurrencyTest {

    private final FakeUpstream upstream = new FakeUpstream();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), 64);

    @AfterEach
    void close() {
        client.close();
        timer.shutdownNow();
        upstream.close();
    }

    @Test
    void noMoreThanTheConcurrencyAreInFlightAndOrderIsKept() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        upstream.script(call -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                // Later keys answer sooner, so completion order differs from input order.
                Thread.sleep(call.key().endsWith("0") ? 60 : 20);
                call.status(call.key().endsWith("3") ? 400 : 200, "application/json");
                call.send(call.key().endsWith("3") ? ErrorBodies.INVALID : "{}");
            } finally {
                inFlight.decrementAndGet();
            }
        });
        List<ApiKey> keys = IntStream.range(0, 24)
                .mapToObj(i -> ApiKey.of("AIzaSy-concurrency-test-key-%08d".formatted(i)))
                .toList();
        KeyChecker checker = new KeyChecker(client, timer, URI.create(upstream.baseUrl()), "m", Duration.ofSeconds(5));

        List<KeyCheckResult> results = checker.checkAll(keys, 3, false, progress -> {}).join();

        assertEquals(3, maxInFlight.get());
        assertEquals(keys, results.stream().map(KeyCheckResult::key).toList());
        for (KeyCheckResult result : results) {
            KeyClass expected = result.key().value().endsWith("3") ? KeyClass.INVALID : KeyClass.OK;
            assertEquals(expected, result.klass(), result.key().fingerprint());
        }
    }
}
