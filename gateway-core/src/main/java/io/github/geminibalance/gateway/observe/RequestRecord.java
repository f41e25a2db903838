package io.github.geminibalance.gateway.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One client request to an API route, once its response has ended: what the request log keeps and
 * what the request metrics count.
 *
 * @param time when the request arrived
 * @param route the route template, such as {@code /v1beta/models/{model}:generateContent} (see {@link RouteNames})
 * @param authenticated whether the caller presented a valid token; a refused one's request is counted but not logged
 * @param model the model the client asked for, or {@code -} when the route names none
 * @param keyFingerprint the fingerprint of the pool key of the last attempt, or {@code -} when none was made
 * @param attempts upstream attempts made (0 when the gateway answered by itself)
 * @param status the status sent to the client
 * @param latency from arrival to the end of the response (a stream's whole length)
 * @param stream whether the response was an event stream
 * @param bytesSent response body bytes sent
 * @param tokens the tokens the answer reported, when it reported them
 */
public record RequestRecord(
        Instant time,
        String route,
        boolean authenticated,
        String model,
        String keyFingerprint,
        int attempts,
        int status,
        Duration latency,
        boolean stream,
        long bytesSent,
        Optional<TokenUsage> tokens) {

    public RequestRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(tokens, "tokens");
    }

    public boolean successful() {
        return status >= 200 && status < 400;
    }
}
