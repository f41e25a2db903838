package io.github.geminibalance.gateway.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long checking 1,000 keys at concurrency 64 takes against a local fake upstream. A
 * measurement, not a test: it asserts no time. Run it with
 * {@code ./mvnw -pl gateway-core test -Dtest=KeyCheckBenchmark -Dbenchmark=true}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class KeyCheckBenchmark {

    @Test
    void thousandKeysAtConcurrency64() {
        List<ApiKey> keys = IntStream.range(0, 1000)
                .mapToObj(i -> ApiKey.of("AIzaSy-benchmark-key-%017d".formatted(i)))
                .toList();
        try (FakeUpstream upstream = new FakeUpstream();
                UpstreamClient client = new UpstreamClient(Duration.ofSeconds(10), 64)) {
            upstream.script(call -> {
                call.status(200, "application/json");
                call.send("{\"name\":\"models/gemini-2.5-flash-lite\"}");
            });
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
            KeyChecker checker = new KeyChecker(
                    client, timer, URI.create(upstream.baseUrl()), "gemini-2.5-flash-lite", Duration.ofSeconds(10));
            checker.checkAll(keys.subList(0, 64), 64, false, progress -> {}).join(); // warm-up

            long start = System.nanoTime();
            List<KeyCheckResult> results = checker.checkAll(keys, 64, false, progress -> {}).join();
            long millis = (System.nanoTime() - start) / 1_000_000;

            timer.shutdownNow();
            assertEquals(1000, results.stream().filter(result -> result.klass() == KeyClass.OK).count());
            System.out.printf("keys check benchmark: 1000 keys at concurrency 64 in %d ms%n", millis);
        }
    }
}
