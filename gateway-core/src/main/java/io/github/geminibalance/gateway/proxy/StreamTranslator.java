package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.sse.SseEvent;
import java.util.List;

/**
 * Turns the upstream's event stream into the client protocol's, event by event, as they arrive.
 * One instance serves one client request; it only ever sees the events of the attempt that
 * reached the client.
 */
public interface StreamTranslator {

    /** The events to send for one upstream event (possibly none). */
    List<OutgoingEvent> onEvent(SseEvent upstream);

    /** The closing events when the upstream stream ended normally. */
    List<OutgoingEvent> onEnd();

    /** The closing events when the upstream broke off after the client had events. */
    List<OutgoingEvent> onBroken(String reason);
}
