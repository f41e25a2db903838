package io.github.geminibalance.gateway.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which log rows to list, newest first: every filter that is present must hold.
 *
 * @param since rows at or after this time
 * @param until rows before this time
 * @param model rows of exactly this model
 * @param key rows whose key fingerprint contains this text
 * @param status rows with this status (the client's for requests, the upstream's for errors)
 * @param kind the route template for requests, the outcome class for errors
 * @param text rows whose message contains this text (errors only)
 * @param limit rows at most
 * @param offset rows to skip
 */
public record LogQuery(
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<String> model,
        Optional<String> key,
        Optional<Integer> status,
        Optional<String> kind,
        Optional<String> text,
        int limit,
        long offset) {

    public static final int MAX_LIMIT = 1_000;

    public LogQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + " and offset not negative");
        }
    }

    /** The newest {@code limit} rows, unfiltered. */
    public static LogQuery newest(int limit) {
        return new LogQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), limit, 0);
    }
}
