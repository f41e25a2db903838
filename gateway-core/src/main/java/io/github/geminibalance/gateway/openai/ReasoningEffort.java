package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * OpenAI's {@code reasoning_effort} as Gemini's {@code thinkingConfig}. The family is chosen by
 * model id, since Gemini's model list only says whether a model thinks:
 *
 * <ul>
 *   <li>Gemini 3 ({@code gemini-3} prefix) takes a {@code thinkingLevel}. It cannot stop
 *       thinking, so {@code none} and {@code minimal} ask for {@code MINIMAL}, which only the
 *       Flash models accept; Pro gets {@code LOW}, its least. {@code xhigh} and {@code max} ask
 *       for {@code HIGH}, the most every Gemini 3 model accepts.
 *   <li>Every other model takes a {@code thinkingBudget} in tokens: the 1024 / 8192 / 24576 of
 *       Google's own OpenAI-compatible endpoint for low / medium / high, 512 for minimal, 0 for
 *       none (2.5 Pro cannot switch thinking off and gets its least, 128), and the model's
 *       maximum for xhigh and max (24576, or 32768 on 2.5 Pro).
 * </ul>
 */
enum ReasoningEffort {
    NONE,
    MINIMAL,
    LOW,
    MEDIUM,
    HIGH,
    XHIGH,
    MAX;

    static ReasoningEffort parse(String value) {
        for (ReasoningEffort effort : values()) {
            if (effort.name().toLowerCase(Locale.ROOT).equals(value)) {
                return effort;
            }
        }
        throw RequestFields.invalidValue("reasoning_effort", value, "one of none, minimal, low, medium, high, xhigh, max");
    }

    /**
     * @param includeThoughts whether the client should see the model's thoughts; never asked for
     *     with {@code none}, where there is nothing to show
     */
    ObjectNode thinkingConfig(String model, boolean includeThoughts) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        if (model.startsWith("gemini-3")) {
            config.put("thinkingLevel", level(model.contains("-pro")));
        } else {
            config.put("thinkingBudget", budget(model.startsWith("gemini-2.5-pro")));
        }
        if (includeThoughts && this != NONE) {
            config.put("includeThoughts", true);
        }
        return config;
    }

    private String level(boolean pro) {
        return switch (this) {
            case NONE, MINIMAL -> pro ? "LOW" : "MINIMAL";
            case LOW -> "LOW";
            case MEDIUM -> "MEDIUM";
            case HIGH, XHIGH, MAX -> "HIGH";
        };
    }

    private int budget(boolean pro) {
        return switch (this) {
            case NONE -> pro ? 128 : 0;
            case MINIMAL -> 512;
            case LOW -> 1024;
            case MEDIUM -> 8192;
            case HIGH -> 24576;
            case XHIGH, MAX -> pro ? 32768 : 24576;
        };
    }
}
