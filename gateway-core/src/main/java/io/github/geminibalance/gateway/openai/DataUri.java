package io.github.geminibalance.gateway.openai;

import java.util.Locale;

/**
 * A base64 {@code data:} URI ({@code data:image/png;base64,iVBOR...}) split into what Gemini's
 * {@code inlineData} needs. The payload is passed on as the client sent it: Gemini decodes it and
 * names any fault in its own 400.
 */
record DataUri(String mimeType, String data) {

    private static final String SCHEME = "data:";

    static boolean isDataUri(String uri) {
        return uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * @param param the field the URI came from, named in the 400 when it is malformed
     */
    static DataUri parse(String uri, String param) {
        int comma = uri.indexOf(',');
        if (!isDataUri(uri) || comma < 0) {
            throw RequestFields.invalidValue(param, uri, "a data URI like data:<media type>;base64,<data>");
        }
        String[] header = uri.substring(SCHEME.length(), comma).split(";");
        String mimeType = header[0].trim().toLowerCase(Locale.ROOT);
        boolean base64 = false;
        for (int i = 1; i < header.length; i++) {
            base64 |= header[i].trim().equalsIgnoreCase("base64");
        }
        if (mimeType.isEmpty() || !mimeType.contains("/") || !base64) {
            throw RequestFields.invalidValue(param, uri, "a data URI like data:<media type>;base64,<data>");
        }
        // Browsers and older clients write the non-standard image/jpg, which Gemini refuses.
        return new DataUri(mimeType.equals("image/jpg") ? "image/jpeg" : mimeType, uri.substring(comma + 1));
    }
}
