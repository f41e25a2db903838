package io.github.geminibalance.gateway.check;

import io.github.geminibalance.gateway.keys.ApiKey;
import java.time.Duration;
import java.util.Objects;

/**
 * What checking one key found.
 *
 * @param reason a short fixed phrase (never Google's message, which may quote the key)
 * @param took how long the check took, every probe included
 */
public record KeyCheckResult(ApiKey key, KeyClass klass, String reason, Duration took) {

    public KeyCheckResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(klass, "klass");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(took, "took");
    }
}
