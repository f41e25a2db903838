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

    /**
     * Whether {@code id} is a well-formed bare model id (no {@code models/} prefix): a letter or
     * digit, then up to 127 letters, digits, dots, underscores and hyphens, never two dots in a row.
     * Checked by hand: it runs several times on every call.
     */
    public static boolean isModelId(String id) {
        if (id.isEmpty() || id.length() > 128 || !isAsciiLetterOrDigit(id.charAt(0)) || id.contains("..")) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
