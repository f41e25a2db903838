package io.github.geminibalance.gateway.gemini;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code {model}:{action}} path segment of Gemini's method calls, e.g.
 * {@code gemini-2.5-pro:streamGenerateContent}. Undertow's path templates cannot express a colon
 * after a parameter, hence this small parser. Model ids are checked against the characters Google
 * uses, so nothing odd (CR, LF, slashes, dots-only) reaches an upstream URL.
 */
public record ModelAction(String model, String action) {

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    /** Parses {@code model:action}; empty when either part is missing or malformed. */
    public static Optional<ModelAction> parse(String segment) {
        int colon = segment.lastIndexOf(':');
        if (colon <= 0 || colon == segment.length() - 1) {
            return Optional.empty();
        }
        String model = segment.substring(0, colon);
        String action = segment.substring(colon + 1);
        if (!isModelId(model) || !ACTION.matcher(action).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ModelAction(model, action));
    }

    /** Whether {@code id} is a well-formed bare model id (no {@code models/} prefix). */
    public static boolean isModelId(String id) {
        return MODEL_ID.matcher(id).matches() && !id.contains("..");
    }
}
