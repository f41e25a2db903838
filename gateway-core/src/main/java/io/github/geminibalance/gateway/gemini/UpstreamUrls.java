package io.github.geminibalance.gateway.gemini;

import java.net.URI;

/**
 * Builds upstream URLs from {@code BASE_URL} (for Google, {@code https://host/v1beta}). API calls
 * go below it; the Files API's upload endpoint lives at {@code https://host/upload/v1beta/...},
 * so it is derived by putting {@code /upload} in front of the base path. Relays that mirror
 * Google's layout under a prefix work the same way.
 */
public final class UpstreamUrls {

    private final String origin;
    private final String basePath;

    public UpstreamUrls(URI baseUrl) {
        String base = baseUrl.toString();
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.origin = base.substring(0, base.length() - path.length());
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** {@code BASE_URL/route?query}, e.g. {@code .../v1beta/models/gemini-2.5-flash:generateContent}. */
    public URI api(String route, String query) {
        return URI.create(origin + basePath + "/" + route + (query.isEmpty() ? "" : "?" + query));
    }

    /** The resumable upload endpoint, e.g. {@code https://host/upload/v1beta/files?upload_id=...}. */
    public URI upload(String query) {
        return URI.create(origin + "/upload" + basePath + "/files" + (query.isEmpty() ? "" : "?" + query));
    }
}
