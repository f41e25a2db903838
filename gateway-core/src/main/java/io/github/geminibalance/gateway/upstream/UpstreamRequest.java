package io.github.geminibalance.gateway.upstream;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to the upstream, fully built: the pool key is already among the headers, never
 * in the URI.
 *
 * @param body the request body, or {@code null} for none
 */
public record UpstreamRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {

    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = List.copyOf(headers);
    }
}
