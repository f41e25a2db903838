package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Upstream requests the translated surfaces (OpenAI, protocol adapters) make: JSON, with the pool
 * key in Google's header.
 */
public final class GeminiCalls {

    private GeminiCalls() {}

    public static UpstreamRequest post(URI uri, ApiKey key, byte[] json) {
        return new UpstreamRequest("POST", uri, List.of(
                Map.entry("x-goog-api-key", key.value()),
                Map.entry("Content-Type", "application/json")), json);
    }

    static UpstreamRequest get(URI uri, ApiKey key) {
        return new UpstreamRequest("GET", uri, List.of(Map.entry("x-goog-api-key", key.value())), null);
    }
}
