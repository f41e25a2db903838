package io.github.geminibalance.gateway.metrics;

import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.GatewayObserver;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts what the observer hook reports: requests by route, model and status, their durations,
 * streams, retries, tokens, and upstream attempts by outcome and key. Each observation is a few
 * map lookups and atomic adds on the calling I/O thread; nothing waits.
 */
public final class RequestMetrics implements GatewayObserver {

    /** Route templates are few, but paths with unknown segments still make new ones. */
    static final int MAX_ROUTES = 100;
    /** Clients choose model names, any they like. */
    static final int MAX_MODELS = 50;
    static final int MAX_KEYS = 100;

    private static final Duration[] REQUEST_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private static final Duration[] STREAM_BUCKETS = seconds(1, 5, 10, 30, 60, 120, 300, 600);
    private static final double[] STREAM_BYTE_BUCKETS = {1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20};

    private record RequestLabels(String route, String model, int status) {}

    private record KeyOutcome(String key, String outcome) {}

    private final BoundedLabel routes = new BoundedLabel(MAX_ROUTES);
    private final BoundedLabel models = new BoundedLabel(MAX_MODELS);
    private final BoundedLabel keys = new BoundedLabel(MAX_KEYS);
    private final MeterCache<RequestLabels, Counter> requests;
    private final MeterCache<String, Timer> durations;
    private final MeterCache<String, Timer> streamDurations;
    private final MeterCache<String, DistributionSummary> streamBytes;
    private final MeterCache<String, Counter> promptTokens;
    private final MeterCache<String, Counter> completionTokens;
    private final MeterCache<String, Counter> attempts;
    private final MeterCache<KeyOutcome, Counter> keyAttempts;
    private final Counter retries;

    public RequestMetrics(MeterRegistry registry) {
        requests = new MeterCache<>(labels -> Counter.builder("gemini_balance.requests")
                .description("API requests answered, by route template, model asked for and status sent")
                .tags("route", labels.route(), "model", labels.model(), "status", Integer.toString(labels.status()))
                .register(registry));
        durations = new MeterCache<>(route -> Timer.builder("gemini_balance.request.duration")
                .description("Time from arrival to the end of a response that is not an event stream")
                .tag("route", route)
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry));
        streamDurations = new MeterCache<>(route -> Timer.builder("gemini_balance.stream.duration")
                .description("Time from arrival to the end of an event-stream response")
                .tag("route", route)
                .serviceLevelObjectives(STREAM_BUCKETS)
                .register(registry));
        streamBytes = new MeterCache<>(route -> DistributionSummary.builder("gemini_balance.stream")
                .description("Body bytes sent in one event-stream response")
                .baseUnit("bytes")
                .tag("route", route)
                .serviceLevelObjectives(STREAM_BYTE_BUCKETS)
                .register(registry));
        promptTokens = new MeterCache<>(model -> tokens(registry, model, "prompt"));
        completionTokens = new MeterCache<>(model -> tokens(registry, model, "completion"));
        attempts = new MeterCache<>(outcome -> Counter.builder("gemini_balance.upstream.attempts")
                .description("Upstream calls, by outcome class: success, dead, cooling, exhausted, transient, client_error")
                .tag("outcome", outcome)
                .register(registry));
        keyAttempts = new MeterCache<>(labels -> Counter.builder("gemini_balance.key.attempts")
                .description("Upstream calls by key fingerprint and outcome class (past " + MAX_KEYS
                        + " keys, the rest as key=\"" + BoundedLabel.OTHER + "\")")
                .tags("key", labels.key(), "outcome", labels.outcome())
                .register(registry));
        retries = Counter.builder("gemini_balance.retries")
                .description("Upstream attempts beyond the first of a request, each with another key")
                .register(registry);
    }

    private static Counter tokens(MeterRegistry registry, String model, String kind) {
        return Counter.builder("gemini_balance.tokens")
                .description("Tokens the answers reported: prompt, or completion (candidates and thoughts)")
                .tags("model", model, "kind", kind)
                .register(registry);
    }

    @Override
    public void requestEnded(RequestRecord request) {
        String route = routes.of(request.route());
        String model = models.of(request.model());
        requests.get(new RequestLabels(route, model, request.status())).increment();
        if (request.stream()) {
            streamDurations.get(route).record(request.latency());
            streamBytes.get(route).record(request.bytesSent());
        } else {
            durations.get(route).record(request.latency());
        }
        if (request.attempts() > 1) {
            retries.increment(request.attempts() - 1);
        }
        request.tokens().ifPresent(tokens -> {
            promptTokens.get(model).increment(tokens.prompt());
            completionTokens.get(model).increment(tokens.completion());
        });
    }

    @Override
    public void attemptEnded(AttemptRecord attempt) {
        attempts.get(attempt.outcome()).increment();
        keyAttempts.get(new KeyOutcome(keys.of(attempt.keyFingerprint()), attempt.outcome())).increment();
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(Math.round(values[i] * 1000));
        }
        return durations;
    }
}
