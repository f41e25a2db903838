package io.github.geminibalance.plugin.api.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The Gemini call a client request becomes.
 *
 * @param model the model as the client named it (suffixes such as {@code -search} work as on the
 *     other surfaces; the gateway resolves them and applies its tools and defaults)
 * @param request the {@code generateContent} body
 * @param stream whether the client wants the answer streamed
 */
public record GeminiCall(String model, ObjectNode request, boolean stream) {

    public GeminiCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
    }
}
