package io.github.geminibalance.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median and the 99th percentile of a set of durations, nearest-rank. */
record Percentiles(double p50Millis, double p99Millis) {

    static Percentiles of(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return new Percentiles(Double.NaN, Double.NaN);
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return new Percentiles(rank(sorted, 0.50), rank(sorted, 0.99));
    }

    private static double rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
