package io.github.geminibalance.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.keys.ApiKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys an admin request names: {@code {"all":true}}, or {@code {"keys":[...]}} with whole keys
 * or fingerprints as {@code GET /api/keys} shows them. A fingerprint names a key only when no other
 * key of the pool shares it. Entries that name no key are kept, shown masked unless they already
 * are a fingerprint, so that the answer never carries a key the admin sent.
 *
 * @param all whether the request asked for every key
 * @param keys the named keys of the pool, in the order first named, without repetitions
 * @param unknown the entries that named no key of the pool, as they may be shown
 */
record KeySelection(boolean all, List<ApiKey> keys, List<String> unknown) {

    /** The shape of {@link Secret#masked()} for a key long enough to show parts of it. */
    private static final Pattern FINGERPRINT = Pattern.compile(".{6}\\.\\.\\..{4}");
    private static final String USAGE = "Send {\"keys\":[...]} with whole keys or fingerprints, or {\"all\":true}";

    /** A request that names keys wrongly; its message is fit for the admin and names no whole key. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads a request body against the pool's keys.
     *
     * @throws Invalid when the body is not one of the two shapes, or a fingerprint is ambiguous
     */
    static KeySelection parse(ObjectMapper json, byte[] body, List<ApiKey> pool) throws Invalid {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            throw new Invalid("The body is not JSON. " + USAGE);
        }
        if (request == null || !request.isObject()) {
            throw new Invalid(USAGE);
        }
        JsonNode all = request.get("all");
        JsonNode keys = request.get("keys");
        if (all != null && keys == null && all.isBoolean() && all.booleanValue()) {
            return new KeySelection(true, pool, List.of());
        }
        if (all != null || keys == null || !keys.isArray() || keys.isEmpty()) {
            throw new Invalid(USAGE);
        }
        List<String> entries = new ArrayList<>(keys.size());
        for (JsonNode entry : keys) {
            if (!entry.isTextual()) {
                throw new Invalid("Every entry of \"keys\" must be a string. " + USAGE);
            }
            entries.add(entry.textValue().trim());
        }
        return resolve(entries, pool);
    }

    private static KeySelection resolve(List<String> entries, List<ApiKey> pool) throws Invalid {
        Map<String, ApiKey> byValue = new HashMap<>();
        Map<String, List<ApiKey>> byFingerprint = new HashMap<>();
        for (ApiKey key : pool) {
            byValue.put(key.value(), key);
            byFingerprint.computeIfAbsent(key.fingerprint(), fingerprint -> new ArrayList<>()).add(key);
        }
        Set<ApiKey> named = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String entry : entries) {
            ApiKey whole = byValue.get(entry);
            List<ApiKey> sharing = byFingerprint.getOrDefault(entry, List.of());
            if (whole != null) {
                named.add(whole);
            } else if (sharing.size() == 1) {
                named.add(sharing.get(0));
            } else if (sharing.isEmpty()) {
                unknown.add(FINGERPRINT.matcher(entry).matches() ? entry : Secret.mask(entry));
            } else {
                throw new Invalid("The fingerprint " + entry + " is ambiguous: " + sharing.size()
                        + " keys share it. Name each of them by the whole key");
            }
        }
        return new KeySelection(false, List.copyOf(named), List.copyOf(unknown));
    }
}
