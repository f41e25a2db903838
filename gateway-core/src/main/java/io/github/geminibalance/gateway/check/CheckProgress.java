package io.github.geminibalance.gateway.check;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How far a {@link KeyChecker#checkAll} run is.
 *
 * @param done keys checked so far
 * @param total keys to check
 * @param counts keys checked so far per class, in {@link KeyClass} order; classes with no key yet
 *     are absent
 */
public record CheckProgress(int done, int total, Map<KeyClass, Integer> counts) {

    public CheckProgress {
        counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counts));
    }
}
