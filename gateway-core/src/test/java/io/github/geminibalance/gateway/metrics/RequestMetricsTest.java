package io.github.geminibalance.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Labels that clients choose stay bounded in number, however many distinct values they send. */
class RequestMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMetrics metrics = new RequestMetrics(registry);

    @Test
    void modelNamesPastTheLimitAreCountedAsOther() {
        int models = RequestMetrics.MAX_MODELS + 30;
        for (int i = 0; i < models; i++) {
            metrics.requestEnded(request("/v1/chat/completions", "model-" + i));
        }

        Set<String> labels = tagValues("gemini_balance.requests", "model");
        assertEquals(RequestMetrics.MAX_MODELS + 1, labels.size(), "the limit, and other");
        assertTrue(labels.contains(BoundedLabel.OTHER));
        assertEquals(30, registry.get("gemini_balance.requests").tag("model", BoundedLabel.OTHER).counter().count());
        assertEquals(models, registry.get("gemini_balance.requests").counters().stream()
                .mapToDouble(counter -> counter.count()).sum(), "nothing is lost, only grouped");
    }

    @Test
    void routesPastTheLimitAreCountedAsOther() {
        for (int i = 0; i < RequestMetrics.MAX_ROUTES + 5; i++) {
            metrics.requestEnded(request("/route-" + i, "gemini-2.5-flash"));
        }

        assertEquals(RequestMetrics.MAX_ROUTES + 1, tagValues("gemini_balance.requests", "route").size());
        assertEquals(RequestMetrics.MAX_ROUTES + 1, tagValues("gemini_balance.request.duration", "route").size());
    }

    @Test
    void keyFingerprintsPastTheLimitAreCountedAsOther() {
        for (int i = 0; i < RequestMetrics.MAX_KEYS + 20; i++) {
            metrics.attemptEnded(new AttemptRecord(Instant.now(), "AIzaSy...%04d".formatted(i), "gemini-2.5-flash",
                    "success", 200, "", Duration.ofMillis(5), new byte[0]));
        }

        Set<String> keys = tagValues("gemini_balance.key.attempts", "key");
        assertEquals(RequestMetrics.MAX_KEYS + 1, keys.size());
        assertEquals(20, registry.get("gemini_balance.key.attempts").tag("key", BoundedLabel.OTHER).counter().count());
        assertEquals(RequestMetrics.MAX_KEYS + 20,
                registry.get("gemini_balance.upstream.attempts").tag("outcome", "success").counter().count());
    }

    private Set<String> tagValues(String meter, String tag) {
        return registry.find(meter).meters().stream()
                .map(Meter::getId)
                .map(id -> id.getTag(tag))
                .collect(Collectors.toSet());
    }

    private static RequestRecord request(String route, String model) {
        return new RequestRecord(Instant.now(), route, true, model, "AIzaSy...aaaa", 1, 200, Duration.ofMillis(20), false, 100,
                Optional.empty());
    }
}
