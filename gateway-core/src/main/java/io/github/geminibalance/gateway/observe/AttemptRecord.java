package io.github.geminibalance.gateway.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One upstream call made with one pool key, once the key's outcome is known: every attempt feeds
 * the attempt metrics, and a failed one is a row of the error log.
 *
 * @param time when the attempt started
 * @param keyFingerprint the fingerprint of the key used (never the key)
 * @param model the model of the pool's bookkeeping ({@code *} for calls that name none)
 * @param outcome the outcome class: {@code success}, {@code dead}, {@code cooling}, {@code exhausted},
 *     {@code transient} or {@code client_error}
 * @param upstreamStatus the upstream's HTTP status, or 0 when none arrived (connection failure, timeout)
 * @param message why it failed, with any secret masked; empty for a success
 * @param latency from the start of the attempt until its outcome was known
 * @param requestBody the body sent upstream, shared rather than copied: never modify it
 */
public record AttemptRecord(
        Instant time,
        String keyFingerprint,
        String model,
        String outcome,
        int upstreamStatus,
        String message,
        Duration latency,
        byte[] requestBody) {

    public static final String SUCCESS = "success";

    public AttemptRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(requestBody, "requestBody");
    }

    public boolean failed() {
        return !SUCCESS.equals(outcome);
    }
}
