package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.keys.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The name a store knows a key by: its SHA-256, from which the key cannot be had back. */
public final class KeyHashes {

    private KeyHashes() {}

    public static String of(ApiKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.value().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
