package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.sse.SseEvent;
import java.time.Duration;
import java.util.Objects;

/**
 * An event for the client, and how long to wait after sending it before the next one: the stream
 * optimizer spreads a long text delta over several small events, paced, without blocking a thread.
 */
public record OutgoingEvent(SseEvent event, Duration delayAfter) {

    public OutgoingEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(delayAfter, "delayAfter");
    }

    /** An event sent with no pause after it. */
    public static OutgoingEvent now(SseEvent event) {
        return new OutgoingEvent(event, Duration.ZERO);
    }
}
