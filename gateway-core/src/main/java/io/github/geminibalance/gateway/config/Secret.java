package io.github.geminibalance.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret setting value: an API key or an access token. Its {@link #toString()} never shows the
 * value, so a secret that reaches a log line or an error message by accident stays masked.
 */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /**
     * A short, stable label for this secret: the first 6 and last 4 characters (as the original
     * gateway's key list shows them), or only asterisks when the secret is too short to reveal
     * anything of it.
     */
    public String masked() {
        return mask(value);
    }

    /** Compares with a presented token in time that does not depend on where they differ. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Masks any string the way {@link #masked()} masks a secret. */
    public static String mask(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.length() < 16) {
            return "*".repeat(Math.min(raw.length(), 8));
        }
        return raw.substring(0, 6) + "..." + raw.substring(raw.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
