package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.SafetySetting;
import java.util.Optional;

/**
 * Applies to a {@code generateContent} body what the model suffix asks for, the tools the tool
 * providers add, and the operator's defaults, and nothing else: the client's own choices win. Both field spellings
 * Google accepts ({@code generationConfig} and {@code generation_config}) are honoured.
 */
public final class NativeRequestRewriter {

    private final FeaturesConfig features;
    private final ToolAssembler tools;

    /** @param tools adds the tools the suffix and the operator ask for (search, code execution, ...) */
    public NativeRequestRewriter(FeaturesConfig features, ToolAssembler tools) {
        this.features = features;
        this.tools = tools;
    }

    public void rewrite(ObjectNode body, ResolvedModel model) {
        switch (model.feature()) {
            case IMAGE -> requestImageOutput(body);
            case NON_THINKING -> disableThinking(body, model.upstream());
            default -> { } // search is a tool, added below like every other
        }
        tools.addTools(body, model);
        applyDefaultSafetySettings(body);
    }

    private static void requestImageOutput(ObjectNode body) {
        generationConfig(body).ifPresent(config -> {
            if (!config.has("responseModalities") && !config.has("response_modalities")) {
                config.putArray("responseModalities").add("TEXT").add("IMAGE");
            }
        });
    }

    private static void disableThinking(ObjectNode body, String model) {
        generationConfig(body)
                .flatMap(config -> objectField(config, config.has("thinking_config") ? "thinking_config" : "thinkingConfig"))
                .filter(thinking -> !thinking.has("thinkingBudget") && !thinking.has("thinking_budget")
                        && !thinking.has("thinkingLevel") && !thinking.has("thinking_level"))
                // 2.5 Pro cannot switch thinking off; 128 tokens is the least it accepts.
                .ifPresent(thinking -> thinking.put("thinkingBudget", model.startsWith("gemini-2.5-pro") ? 128 : 0));
    }

    private void applyDefaultSafetySettings(ObjectNode body) {
        if (features.safetySettings().isEmpty() || body.has("safetySettings") || body.has("safety_settings")) {
            return;
        }
        ArrayNode settings = body.putArray("safetySettings");
        for (SafetySetting setting : features.safetySettings()) {
            settings.addObject().put("category", setting.category()).put("threshold", setting.threshold());
        }
    }

    private static Optional<ObjectNode> generationConfig(ObjectNode body) {
        return objectField(body, body.has("generation_config") ? "generation_config" : "generationConfig");
    }

    /**
     * The object in {@code field}, created when absent or null; empty when the client put something
     * else there, which is left for Google to refuse in its own words.
     */
    private static Optional<ObjectNode> objectField(ObjectNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.of(parent.putObject(field));
        }
        return value instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }
}
