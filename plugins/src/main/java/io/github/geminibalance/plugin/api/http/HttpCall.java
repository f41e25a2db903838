package io.github.geminibalance.plugin.api.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request.
 *
 * @param headers request headers; {@code Content-Type} comes from the body
 * @param timeout how long the whole exchange may take
 */
public record HttpCall(String method, URI uri, Map<String, String> headers, HttpBody body, Duration timeout) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A {@code POST} of a body. */
    public static HttpCall post(URI uri, Map<String, String> headers, HttpBody body, Duration timeout) {
        return new HttpCall("POST", uri, headers, body, timeout);
    }
}
