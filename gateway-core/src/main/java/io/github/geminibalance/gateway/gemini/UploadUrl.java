package io.github.geminibalance.gateway.gemini;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The upload URL Google hands out when a resumable upload starts. Clients follow it verbatim, so
 * the gateway gives them its own instead: same upload id, pointing at the gateway, and without any
 * {@code key} parameter (Google's URL may carry the key that started the upload).
 */
record UploadUrl(String uploadId) {

    static UploadUrl parse(String url) {
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("upload_id=")) {
                    return new UploadUrl(URLDecoder.decode(pair.substring("upload_id=".length()), StandardCharsets.UTF_8));
                }
            }
        }
        throw new IllegalArgumentException("upload URL without upload_id");
    }

    /** The URL the client gets: {@code <publicBase>/upload/v1beta/files?upload_id=...&upload_protocol=resumable}. */
    String pointingAt(String publicBase) {
        return publicBase + "/upload/v1beta/files?upload_id=" + URLEncoder.encode(uploadId, StandardCharsets.UTF_8)
                + "&upload_protocol=resumable";
    }
}
