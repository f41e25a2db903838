package io.github.geminibalance.gateway.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of one metric label that clients or the configuration choose (model names, routes,
 * key fingerprints): the first {@code limit} distinct values keep their own name and every later
 * one is counted as {@value #OTHER}, so that no client can make the number of series, and with it
 * the memory of the gateway and of Prometheus, grow without bound.
 */
public final class BoundedLabel {

    /** The label value shared by every value past the limit. */
    public static final String OTHER = "other";

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /** @param limit how many distinct values keep their own name; at least 1 */
    public BoundedLabel(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        this.limit = limit;
    }

    /** {@code value} itself while there is room for it (or it has it already), else {@value #OTHER}. */
    public String of(String value) {
        if (admitted.contains(value)) {
            return value;
        }
        if (admitted.size() >= limit) {
            return OTHER; // full: no lock for the values that will never get in
        }
        synchronized (this) { // so that two new values racing for the last place cannot both get it
            if (admitted.size() < limit) {
                admitted.add(value);
            }
            return admitted.contains(value) ? value : OTHER;
        }
    }
}
