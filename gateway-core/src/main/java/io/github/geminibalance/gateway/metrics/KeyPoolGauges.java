package io.github.geminibalance.gateway.metrics;

import io.github.geminibalance.gateway.keys.KeyPool;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The key pool's gauges: keys by health, and per model the keys cooling, exhausted and usable.
 * {@link #refresh} counts one snapshot before each scrape, and every gauge reads those counts, so
 * the figures of one scrape agree with each other. A model gets its rows the first time a key
 * cools or is exhausted for it and keeps them (its usable count climbs back as cooldowns end), up
 * to {@link RequestMetrics#MAX_MODELS} models.
 */
final class KeyPoolGauges {

    private final MeterRegistry registry;
    private final KeyPool pool;
    private final Set<String> shownModels = new HashSet<>();
    private volatile KeyStateCounts counts;

    KeyPoolGauges(MeterRegistry registry, KeyPool pool) {
        this.registry = registry;
        this.pool = pool;
        this.counts = KeyStateCounts.of(pool.snapshot());
        for (Health health : Health.values()) {
            Gauge.builder("gemini_balance.keys", this, gauges -> gauges.counts.withHealth(health))
                    .description("Keys by state: active (in rotation), failing (out after MAX_FAILURES), dead (rejected by Google)")
                    .tag("state", health.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Counts the pool as it is now; called before each scrape. */
    synchronized void refresh() {
        KeyStateCounts now = KeyStateCounts.of(pool.snapshot());
        counts = now;
        for (String model : now.busyModels()) {
            if (shownModels.size() < RequestMetrics.MAX_MODELS && shownModels.add(model)) {
                show(model);
            }
        }
    }

    private void show(String model) {
        gauge("gemini_balance.keys.cooling", model, "Active keys cooling down for the model after a per-minute 429",
                counts -> counts.cooling(model));
        gauge("gemini_balance.keys.exhausted", model, "Active keys whose daily quota for the model is used up",
                counts -> counts.exhausted(model));
        gauge("gemini_balance.keys.usable", model, "Keys a request for the model can get now: active, neither cooling nor exhausted",
                counts -> counts.usable(model));
    }

    private void gauge(String name, String model, String description, ToIntFunction<KeyStateCounts> value) {
        Gauge.builder(name, this, gauges -> value.applyAsInt(gauges.counts))
                .description(description)
                .tag("model", model)
                .strongReference(true)
                .register(registry);
    }
}
