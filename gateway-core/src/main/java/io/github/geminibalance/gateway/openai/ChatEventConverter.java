package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.protocol.StreamConverter;
import io.github.geminibalance.plugin.api.protocol.StreamEvent;
import java.util.List;
import java.util.Optional;

/**
 * Gemini's stream as OpenAI chat-completion chunks, paced by the stream optimizer when the
 * operator enabled it.
 */
final class ChatEventConverter implements StreamConverter {

    private final ChatStreamTranslator chunks;
    private final Optional<StreamOptimizer> optimizer;

    ChatEventConverter(ChatStreamTranslator chunks, Optional<StreamOptimizer> optimizer) {
        this.chunks = chunks;
        this.optimizer = optimizer;
    }

    @Override
    public List<StreamEvent> onChunk(JsonNode chunk) {
        if (optimizer.isEmpty()) {
            return events(chunks.onEvent(chunk));
        }
        return chunks.onEvent(chunk, optimizer.get()).stream()
                .map(piece -> new StreamEvent(null, piece.data(), piece.delayAfter()))
                .toList();
    }

    @Override
    public List<StreamEvent> onEnd() {
        return events(chunks.onEnd());
    }

    @Override
    public List<StreamEvent> onError(String message) {
        return events(chunks.onBrokenStream(message));
    }

    private static List<StreamEvent> events(List<String> payloads) {
        return payloads.stream().map(StreamEvent::data).toList();
    }
}
