package io.github.geminibalance.gateway.metrics;

import io.github.geminibalance.gateway.keys.KeyPoolSnapshot;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the key gauges show, counted from one snapshot of the pool. Cooling and exhaustion count
 * only keys in rotation: a dead key's cooldown changes nothing.
 *
 * @param byHealth keys per health
 * @param cooling per model, the active keys cooling down for it
 * @param exhausted per model, the active keys whose daily quota for it is used up
 * @param unusable per model, the active keys cooling or exhausted for it (each key once)
 */
record KeyStateCounts(
        Map<Health, Integer> byHealth,
        Map<String, Integer> cooling,
        Map<String, Integer> exhausted,
        Map<String, Integer> unusable) {

    static KeyStateCounts of(KeyPoolSnapshot snapshot) {
        Map<Health, Integer> byHealth = new EnumMap<>(Health.class);
        Map<String, Integer> cooling = new HashMap<>();
        Map<String, Integer> exhausted = new HashMap<>();
        Map<String, Integer> unusable = new HashMap<>();
        for (KeyStatus key : snapshot.keys()) {
            byHealth.merge(key.health(), 1, Integer::sum);
            if (!key.usable()) {
                continue;
            }
            key.coolingUntil().keySet().forEach(model -> cooling.merge(model, 1, Integer::sum));
            key.exhaustedUntil().keySet().forEach(model -> exhausted.merge(model, 1, Integer::sum));
            Set<String> blocked = new HashSet<>(key.coolingUntil().keySet());
            blocked.addAll(key.exhaustedUntil().keySet());
            blocked.forEach(model -> unusable.merge(model, 1, Integer::sum));
        }
        return new KeyStateCounts(byHealth, cooling, exhausted, unusable);
    }

    int withHealth(Health health) {
        return byHealth.getOrDefault(health, 0);
    }

    int cooling(String model) {
        return cooling.getOrDefault(model, 0);
    }

    int exhausted(String model) {
        return exhausted.getOrDefault(model, 0);
    }

    /** The keys that {@code model}'s requests can get now: active, neither cooling nor exhausted for it. */
    int usable(String model) {
        return withHealth(Health.ACTIVE) - unusable.getOrDefault(model, 0);
    }

    /** The models some key cools or is exhausted for. */
    Set<String> busyModels() {
        return unusable.keySet();
    }
}
