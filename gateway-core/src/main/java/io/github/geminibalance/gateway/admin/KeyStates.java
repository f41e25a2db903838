package io.github.geminibalance.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of {@code GET /api/keys}: every key's state in pool order, and the number of keys per
 * health. Keys show as fingerprints unless the admin asked to reveal them.
 */
final class KeyStates {

    private KeyStates() {}

    static ObjectNode render(ObjectMapper json, KeyPoolSnapshot snapshot, boolean reveal) {
        ObjectNode answer = json.createObjectNode();
        answer.put("taken_at", snapshot.takenAt().toString());
        answer.put("total", snapshot.keys().size());
        ObjectNode counts = answer.putObject("counts");
        for (Health health : Health.values()) {
            counts.put(label(health), 0);
        }
        ArrayNode keys = answer.putArray("keys");
        for (KeyStatus status : snapshot.keys()) {
            String health = label(status.health());
            counts.put(health, counts.get(health).intValue() + 1);
            ObjectNode key = keys.addObject()
                    .put("key", reveal ? status.key().value() : status.key().fingerprint())
                    .put("health", health)
                    .put("failure_count", status.failureCount())
                    .put("last_error", status.lastError());
            instants(key.putObject("cooling_until"), status.coolingUntil());
            instants(key.putObject("exhausted_until"), status.exhaustedUntil());
        }
        return answer;
    }

    static String label(Health health) {
        return health.name().toLowerCase(Locale.ROOT);
    }

    /** Per model, as ISO-8601 instants, models in name order. */
    private static void instants(ObjectNode into, Map<String, Instant> untilByModel) {
        new TreeMap<>(untilByModel).forEach((model, until) -> into.put(model, until.toString()));
    }
}
