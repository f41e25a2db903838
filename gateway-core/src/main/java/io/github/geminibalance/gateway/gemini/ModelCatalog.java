package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig.ModelsConfig;
import java.io.IOException;
import java.util.Optional;

/**
 * What the gateway tells clients about models: Google's list without the operator's
 * {@code FILTERED_MODELS}, and with a {@code -search}, {@code -image} or {@code -non-thinking}
 * variant right after each base model that is configured for it.
 */
public final class ModelCatalog {

    private final ObjectMapper json;
    private final ModelsConfig models;

    public ModelCatalog(ObjectMapper json, ModelsConfig models) {
        this.json = json;
        this.models = models;
    }

    /** Rewrites one page of Google's {@code {"models":[...],"nextPageToken":...}}. */
    public byte[] rewriteList(byte[] upstreamPage) throws IOException {
        ObjectNode page = (ObjectNode) json.readTree(upstreamPage);
        ArrayNode rewritten = json.createArrayNode();
        for (JsonNode model : page.path("models")) {
            String id = idOf(model);
            if (models.filteredModels().contains(id)) {
                continue;
            }
            rewritten.add(model);
            for (ModelFeature feature : ModelFeature.values()) {
                if (feature != ModelFeature.NONE && ResolvedModel.offered(feature, models).contains(id)) {
                    rewritten.add(variant((ObjectNode) model, id, feature));
                }
            }
        }
        page.set("models", rewritten);
        return json.writeValueAsBytes(page);
    }

    /**
     * Rewrites Google's answer for the base model into the answer for what the client asked:
     * the model itself, or its variant. Empty when the model is filtered.
     */
    public Optional<byte[]> rewriteOne(byte[] upstreamModel, ResolvedModel requested) throws IOException {
        if (models.filteredModels().contains(requested.upstream())) {
            return Optional.empty();
        }
        if (requested.feature() == ModelFeature.NONE) {
            return Optional.of(upstreamModel);
        }
        ObjectNode model = (ObjectNode) json.readTree(upstreamModel);
        return Optional.of(json.writeValueAsBytes(variant(model, requested.upstream(), requested.feature())));
    }

    private ObjectNode variant(ObjectNode base, String id, ModelFeature feature) {
        ObjectNode variant = base.deepCopy();
        variant.put("name", "models/" + id + feature.suffix());
        String label = switch (feature) {
            case SEARCH -> " For Search";
            case IMAGE -> " For Image";
            case NON_THINKING -> " Non Thinking";
            case NONE -> "";
        };
        if (base.hasNonNull("displayName")) {
            variant.put("displayName", base.get("displayName").asText() + label);
        }
        if (base.hasNonNull("description")) {
            variant.put("description", base.get("description").asText() + label);
        }
        return variant;
    }

    private static String idOf(JsonNode model) {
        String name = model.path("name").asText();
        return name.startsWith("models/") ? name.substring("models/".length()) : name;
    }
}
