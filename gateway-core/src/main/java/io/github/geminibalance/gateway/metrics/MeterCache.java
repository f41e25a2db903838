package io.github.geminibalance.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The meters of one metric by their label values, each registered once. Observations arrive on
 * I/O threads for every request, and a map lookup is far cheaper there than what a registration
 * does (building and sorting tags, a meter id, the registry's own lookup). The label values are
 * bounded, so the cache is too.
 *
 * @param <K> the label values, a record or a string
 * @param <M> the kind of meter
 */
final class MeterCache<K, M extends Meter> {

    private final ConcurrentMap<K, M> meters = new ConcurrentHashMap<>();
    private final Function<K, M> register;

    /** @param register registers the meter of label values not seen yet */
    MeterCache(Function<K, M> register) {
        this.register = register;
    }

    M get(K labels) {
        M meter = meters.get(labels);
        return meter != null ? meter : meters.computeIfAbsent(labels, register);
    }
}
