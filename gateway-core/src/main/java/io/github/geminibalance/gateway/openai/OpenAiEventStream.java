package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.proxy.OutgoingEvent;
import io.github.geminibalance.gateway.proxy.StreamTranslator;
import io.github.geminibalance.gateway.sse.SseEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Gemini's event stream as OpenAI chat-completion chunks, paced by the stream optimizer when the
 * operator enabled it. Once the stream has ended (normally, or with an error event), nothing more
 * is sent.
 */
final class OpenAiEventStream implements StreamTranslator {

    private final ChatStreamTranslator chunks;
    private final ObjectMapper json;
    private final Optional<StreamOptimizer> optimizer;

    OpenAiEventStream(ChatStreamTranslator chunks, ObjectMapper json, Optional<StreamOptimizer> optimizer) {
        this.chunks = chunks;
        this.json = json;
        this.optimizer = optimizer;
    }

    @Override
    public List<OutgoingEvent> onEvent(SseEvent upstream) {
        JsonNode chunk;
        try {
            chunk = json.readTree(upstream.data());
        } catch (IOException e) {
            return onBroken("The upstream sent an event that is not JSON");
        }
        if (optimizer.isEmpty()) {
            return now(chunks.onEvent(chunk));
        }
        return chunks.onEvent(chunk, optimizer.get()).stream()
                .map(piece -> new OutgoingEvent(SseEvent.data(piece.data()), piece.delayAfter()))
                .toList();
    }

    @Override
    public List<OutgoingEvent> onEnd() {
        return now(chunks.onEnd());
    }

    @Override
    public List<OutgoingEvent> onBroken(String reason) {
        return now(chunks.onBrokenStream(reason));
    }

    private static List<OutgoingEvent> now(List<String> payloads) {
        return payloads.stream().map(payload -> OutgoingEvent.now(SseEvent.data(payload))).toList();
    }
}
