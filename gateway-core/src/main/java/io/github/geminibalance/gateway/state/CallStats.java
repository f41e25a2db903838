package io.github.geminibalance.gateway.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the request and error logs say about recent calls.
 *
 * @param at when the figures were taken
 * @param lastMinute calls of the minute before {@code at}
 * @param lastHour calls of the hour before {@code at}
 * @param lastDay calls of the day before {@code at}
 * @param byModel the last day's calls per model, most first
 * @param byKey the last day's calls per key fingerprint (the key of each call's last attempt), most first
 * @param mostRateLimited the keys that met the most 429s in the last day, most first
 */
public record CallStats(
        Instant at,
        Counts lastMinute,
        Counts lastHour,
        Counts lastDay,
        List<Named> byModel,
        List<Named> byKey,
        List<Named> mostRateLimited) {

    public CallStats {
        Objects.requireNonNull(at, "at");
        byModel = List.copyOf(byModel);
        byKey = List.copyOf(byKey);
        mostRateLimited = List.copyOf(mostRateLimited);
    }

    /** Calls, and of them those that failed (an error status sent to the client). */
    public record Counts(long calls, long failures) {}

    /** Counts of one model or key; for rate limits, {@code calls} is the number of 429s. */
    public record Named(String name, Counts counts) {}
}
