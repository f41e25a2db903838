package io.github.geminibalance.gateway.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The tokens one call used, as Gemini's {@code usageMetadata} counts them.
 *
 * @param prompt {@code promptTokenCount}
 * @param completion {@code candidatesTokenCount} plus {@code thoughtsTokenCount}: what the model wrote
 * @param total {@code totalTokenCount}
 */
public record TokenUsage(int prompt, int completion, int total) {

    /** The usage an answer or a stream event reports, if it reports one. */
    public static Optional<TokenUsage> of(JsonNode answer) {
        JsonNode usage = answer == null ? null : answer.get("usageMetadata");
        if (usage == null || !usage.isObject()) {
            return Optional.empty();
        }
        int prompt = usage.path("promptTokenCount").asInt();
        int completion = usage.path("candidatesTokenCount").asInt() + usage.path("thoughtsTokenCount").asInt();
        return Optional.of(new TokenUsage(prompt, completion, usage.path("totalTokenCount").asInt(prompt + completion)));
    }
}
