package io.github.geminibalance.plugin.api.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * One server-sent event.
 *
 * @param event the event name ({@code event:} line), or {@code null} for none
 * @param data the data, usually one line of JSON
 * @param pauseAfter how long the gateway waits after sending this event before it sends the next
 *     one, to spread a long text over several events for a typing effect; the wait holds no thread
 * @since 1.1.0 for {@code pauseAfter}
 */
public record StreamEvent(String event, String data, Duration pauseAfter) {

    public StreamEvent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(pauseAfter, "pauseAfter");
        if (pauseAfter.isNegative()) {
            throw new IllegalArgumentException("pauseAfter is negative: " + pauseAfter);
        }
    }

    /** An event sent with no pause after it. */
    public StreamEvent(String event, String data) {
        this(event, data, Duration.ZERO);
    }

    /** An unnamed event sent with no pause after it. */
    public static StreamEvent data(String data) {
        return new StreamEvent(null, data);
    }
}
