package io.github.geminibalance.gateway.gemini;

import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.proxy.OutgoingEvent;
import io.github.geminibalance.gateway.proxy.StreamTranslator;
import io.github.geminibalance.gateway.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The native stream: every upstream event goes out as it came (re-framed, so that each ends with
 * its blank line); a stream that breaks off ends with an error event in Google's shape, which
 * Google's SDKs raise as an API error.
 */
final class GeminiEventRelay implements StreamTranslator {

    @Override
    public List<OutgoingEvent> onEvent(SseEvent upstream) {
        return List.of(OutgoingEvent.now(upstream));
    }

    @Override
    public List<OutgoingEvent> onEnd() {
        return List.of();
    }

    @Override
    public List<OutgoingEvent> onBroken(String reason) {
        return List.of(OutgoingEvent.now(SseEvent.data(new String(ErrorBodies.gemini(502, reason), StandardCharsets.UTF_8))));
    }
}
