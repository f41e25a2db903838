package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.SafetySetting;

/**
 * Applies to a native {@code generateContent} body what the model suffix asks for and the
 * operator's defaults, and nothing else: the client's own choices always win. Both field spellings
 * Google accepts ({@code generationConfig} and {@code generation_config}) are honoured.
 */
public final class NativeRequestRewriter {

    private final FeaturesConfig features;

    public NativeRequestRewriter(FeaturesConfig features) {
        this.features = features;
    }

    public void rewrite(ObjectNode body, ResolvedModel model) {
        switch (model.feature()) {
            case SEARCH -> addTool(body, "googleSearch", "google_search");
            case IMAGE -> requestImageOutput(body);
            case NON_THINKING -> disableThinking(body, model.upstream());
            case NONE -> addCodeExecutionByDefault(body, model.upstream());
        }
        applyDefaultSafetySettings(body);
    }

    private static void addTool(ObjectNode body, String camelName, String snakeName) {
        ArrayNode tools = body.withArrayProperty("tools");
        for (JsonNode tool : tools) {
            if (tool.has(camelName) || tool.has(snakeName)) {
                return;
            }
        }
        tools.addObject().putObject(camelName);
    }

    private static void requestImageOutput(ObjectNode body) {
        ObjectNode config = generationConfig(body);
        if (!config.has("responseModalities") && !config.has("response_modalities")) {
            config.putArray("responseModalities").add("TEXT").add("IMAGE");
        }
    }

    private static void disableThinking(ObjectNode body, String model) {
        ObjectNode config = generationConfig(body);
        String field = config.has("thinking_config") ? "thinking_config" : "thinkingConfig";
        ObjectNode thinking = config.withObjectProperty(field);
        if (thinking.has("thinkingBudget") || thinking.has("thinking_budget")
                || thinking.has("thinkingLevel") || thinking.has("thinking_level")) {
            return;
        }
        // 2.5 Pro cannot switch thinking off; 128 tokens is the least it accepts.
        thinking.put("thinkingBudget", model.startsWith("gemini-2.5-pro") ? 128 : 0);
    }

    /**
     * The code-execution tool, when the operator enabled it, goes only where the original gateway
     * put it: requests that bring no tools of their own, no images, and do not ask for JSON.
     */
    private void addCodeExecutionByDefault(ObjectNode body, String model) {
        if (!features.codeExecution() || body.has("tools") || model.contains("-thinking")) {
            return;
        }
        JsonNode config = body.has("generation_config") ? body.get("generation_config") : body.get("generationConfig");
        if (config != null && config.path("responseMimeType").asText(config.path("response_mime_type").asText())
                .startsWith("application/json")) {
            return;
        }
        if (hasMediaParts(body.path("contents"))) {
            return;
        }
        body.putArray("tools").addObject().putObject("codeExecution");
    }

    private static boolean hasMediaParts(JsonNode contents) {
        for (JsonNode content : contents) {
            for (JsonNode part : content.path("parts")) {
                if (part.has("inlineData") || part.has("inline_data") || part.has("fileData") || part.has("file_data")) {
                    return true;
                }
            }
        }
        return false;
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

    private static ObjectNode generationConfig(ObjectNode body) {
        return body.withObjectProperty(body.has("generation_config") ? "generation_config" : "generationConfig");
    }
}
