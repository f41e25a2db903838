package io.github.geminibalance.plugin.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Converts one streamed Gemini answer, chunk by chunk, into the protocol's server-sent events.
 * The gateway calls it from one thread at a time, in order, and sends each returned event at once.
 */
public interface StreamConverter {

    /** The events for one Gemini {@code GenerateContentResponse} chunk (possibly none). */
    List<StreamEvent> onChunk(JsonNode chunk);

    /** The closing events when the answer ended normally. */
    List<StreamEvent> onEnd();

    /** The closing events when the answer broke off after the client had events. */
    List<StreamEvent> onError(String message);
}
