package io.github.geminibalance.gateway.openai;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Tool-call ids that carry Gemini's thought signature. Gemini 3 requires the
 * {@code thoughtSignature} it returned with a function call to come back on that call in the next
 * request; OpenAI clients have no field for it, but every client echoes the tool call's
 * {@code id} verbatim (in the assistant message and in the tool message that answers it). So the
 * signature rides inside the id: stateless, and it survives restarts and several gateways.
 *
 * <p>Format: {@code call_<16 random>} or {@code call_<16 random>_ts_<base64url signature>}.
 */
public final class ToolCallIds {

    private static final String PREFIX = "call_";
    private static final String SIGNATURE_MARK = "_ts_";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ToolCallIds() {}

    /** A fresh id, carrying {@code thoughtSignature} when there is one (may be {@code null}). */
    public static String newId(String thoughtSignature) {
        StringBuilder id = new StringBuilder(PREFIX);
        for (int i = 0; i < 16; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        if (thoughtSignature != null && !thoughtSignature.isEmpty()) {
            id.append(SIGNATURE_MARK).append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(thoughtSignature.getBytes(StandardCharsets.UTF_8)));
        }
        return id.toString();
    }

    /** The thought signature carried by an id this class made; empty for any other id. */
    public static Optional<String> signatureOf(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int mark = id.indexOf(SIGNATURE_MARK);
        if (mark < 0) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(id.substring(mark + SIGNATURE_MARK.length()));
            return Optional.of(new String(signature, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }
}
