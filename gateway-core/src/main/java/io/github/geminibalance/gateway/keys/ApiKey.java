package io.github.geminibalance.gateway.keys;

import io.github.geminibalance.gateway.config.Secret;
import java.util.Objects;

/**
 * One Gemini API key of the pool. Equality is by value. {@link #fingerprint()} is what logs, pages
 * and errors show; the value itself only ever goes into the upstream {@code x-goog-api-key} header.
 */
public record ApiKey(Secret secret) {

    public ApiKey {
        Objects.requireNonNull(secret, "secret");
    }

    public static ApiKey of(String value) {
        return new ApiKey(new Secret(value));
    }

    public String value() {
        return secret.value();
    }

    public String fingerprint() {
        return secret.masked();
    }

    @Override
    public String toString() {
        return fingerprint();
    }
}
