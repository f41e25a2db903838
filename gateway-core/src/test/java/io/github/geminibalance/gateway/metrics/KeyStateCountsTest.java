package io.github.geminibalance.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyStateCountsTest {

    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void usableCapacityIsTheActiveKeysNeitherCoolingNorExhaustedForTheModel() {
        KeyStateCounts counts = KeyStateCounts.of(new KeyPoolSnapshot(Instant.now(), List.of(
                key("a", Health.ACTIVE, Map.of("flash", LATER), Map.of()),
                key("b", Health.ACTIVE, Map.of("flash", LATER), Map.of("flash", LATER, "pro", LATER)),
                key("c", Health.ACTIVE, Map.of(), Map.of()),
                key("d", Health.DEAD, Map.of("pro", LATER), Map.of()),
                key("e", Health.FAILING, Map.of(), Map.of()))));

        assertEquals(3, counts.withHealth(Health.ACTIVE));
        assertEquals(1, counts.withHealth(Health.DEAD));
        assertEquals(1, counts.withHealth(Health.FAILING));
        assertEquals(2, counts.cooling("flash"));
        assertEquals(1, counts.exhausted("flash"));
        assertEquals(1, counts.usable("flash"), "b, cooling and exhausted, counts once");
        assertEquals(0, counts.cooling("pro"), "a dead key's cooldown is not counted");
        assertEquals(2, counts.usable("pro"));
        assertEquals(3, counts.usable("lite"), "a model no key is blocked for has every active key");
        assertEquals(Set.of("flash", "pro"), counts.busyModels());
    }

    private static KeyStatus key(String name, Health health, Map<String, Instant> cooling, Map<String, Instant> exhausted) {
        return new KeyStatus(ApiKey.of("AIzaSy-" + name), health, 0, null, cooling, exhausted);
    }
}
