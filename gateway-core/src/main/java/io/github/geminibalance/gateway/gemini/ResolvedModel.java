package io.github.geminibalance.gateway.gemini;

import io.github.geminibalance.gateway.config.GatewayConfig.ModelsConfig;
import java.util.List;
import java.util.Objects;

/**
 * A model name as the client sent it, split into the upstream model and the feature its suffix
 * asks for. A suffix is only honoured for the models configured for it ({@code SEARCH_MODELS},
 * {@code IMAGE_MODELS}, {@code THINKING_MODELS}); any other name goes upstream unchanged. Models
 * in {@code FILTERED_MODELS} are refused, so a client never reaches a model the operator hid.
 */
public record ResolvedModel(String requested, String upstream, ModelFeature feature) {

    public ResolvedModel {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(feature, "feature");
    }

    /**
     * @throws UnsupportedModelException if the model is filtered
     */
    public static ResolvedModel resolve(String requested, ModelsConfig models) {
        String name = requested.startsWith("models/") ? requested.substring("models/".length()) : requested;
        ResolvedModel resolved = split(name, models);
        if (models.filteredModels().contains(resolved.upstream())) {
            throw new UnsupportedModelException("Model " + requested + " is not supported");
        }
        return resolved;
    }

    private static ResolvedModel split(String name, ModelsConfig models) {
        for (ModelFeature feature : List.of(ModelFeature.NON_THINKING, ModelFeature.SEARCH, ModelFeature.IMAGE)) {
            if (name.endsWith(feature.suffix()) && name.length() > feature.suffix().length()) {
                String base = name.substring(0, name.length() - feature.suffix().length());
                // Only a configured base makes the suffix a feature: real ids end in "-image" too
                // (gemini-2.5-flash-image), and those go upstream as they are.
                if (offered(feature, models).contains(base)) {
                    return new ResolvedModel(name, base, feature);
                }
            }
        }
        return new ResolvedModel(name, name, ModelFeature.NONE);
    }

    /** The base models a suffix is offered for. */
    static List<String> offered(ModelFeature feature, ModelsConfig models) {
        return switch (feature) {
            case SEARCH -> models.searchModels();
            case IMAGE -> models.imageModels();
            case NON_THINKING -> models.thinkingModels();
            case NONE -> List.of();
        };
    }

    /** The client asked for a model the gateway does not offer. */
    public static final class UnsupportedModelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnsupportedModelException(String message) {
            super(message);
        }
    }
}
