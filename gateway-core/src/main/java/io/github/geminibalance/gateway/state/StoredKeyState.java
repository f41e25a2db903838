package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One key's state as a store keeps it: everything the pool knows about the key except the key,
 * which is never written anywhere.
 *
 * @param keyHash {@link KeyHashes#of} the key
 * @param lastError the reason of the most recent failure, or {@code null}
 * @param coolingUntil per model, when a rate-limited key comes back
 * @param exhaustedUntil per model, when a key whose daily quota is used up comes back
 */
public record StoredKeyState(
        String keyHash,
        Health health,
        int failureCount,
        String lastError,
        Map<String, Instant> coolingUntil,
        Map<String, Instant> exhaustedUntil) {

    public StoredKeyState {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(health, "health");
        coolingUntil = Map.copyOf(coolingUntil);
        exhaustedUntil = Map.copyOf(exhaustedUntil);
    }
}
