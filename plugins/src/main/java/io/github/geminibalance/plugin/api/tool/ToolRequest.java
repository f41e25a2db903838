package io.github.geminibalance.plugin.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request about to go to Gemini, as a {@link ToolProvider} sees it.
 *
 * @param model the upstream model, e.g. {@code gemini-2.5-flash}
 * @param feature the model-name suffix the client used without its dash ({@code search},
 *     {@code image}, {@code non-thinking}), or {@code ""}
 * @param request the Gemini {@code generateContent} body, read-only
 * @param hasFunctionDeclarations the client declared functions (Gemini refuses some built-in tools beside them)
 * @param hasMedia the request carries images, audio or files
 * @param wantsJson the client asked for JSON output
 */
public record ToolRequest(String model, String feature, JsonNode request, boolean hasFunctionDeclarations,
        boolean hasMedia, boolean wantsJson) {

    public ToolRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(request, "request");
    }
}
