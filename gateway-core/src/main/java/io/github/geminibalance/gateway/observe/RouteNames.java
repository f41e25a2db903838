package io.github.geminibalance.gateway.observe;

import java.util.Set;

/**
 * Route templates of API paths, for the request log and the metrics: each segment that names a
 * model, file or other resource becomes a placeholder, so that there are as few routes as the API
 * has, whatever clients send.
 */
public final class RouteNames {

    /** Path segments that are part of an API's shape rather than names of things. */
    private static final Set<String> FIXED = Set.of(
            "v1", "v1beta", "v1alpha", "hf", "gemini", "openai", "upload", "models", "chat", "completions", "embeddings",
            "images", "generations", "files", "cachedContents", "operations", "batches", "tunedModels");
    /** Gemini's methods, the part after the colon of {@code models/{model}:method}. */
    private static final Set<String> METHODS = Set.of(
            "generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents",
            "batchGenerateContent", "asyncBatchEmbedContent", "predict", "predictLongRunning", "download", "cancel");
    /** Deeper paths are not any API's; they all share one name. */
    private static final int MAX_SEGMENTS = 6;

    private RouteNames() {}

    /**
     * The template of {@code path}: {@code /v1beta/models/gemini-2.5-flash:generateContent} becomes
     * {@code /v1beta/models/{model}:generateContent}.
     */
    public static String template(String path) {
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_SEGMENTS + 1) {
            return "other";
        }
        StringBuilder template = new StringBuilder(path.length());
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            int colon = segment.indexOf(':');
            String name = colon < 0 ? segment : segment.substring(0, colon);
            template.append('/');
            if (FIXED.contains(name) || name.isEmpty()) {
                template.append(name);
            } else {
                template.append("models".equals(segments[i - 1]) ? "{model}" : "{id}");
            }
            if (colon >= 0) {
                String method = segment.substring(colon + 1);
                template.append(':').append(METHODS.contains(method) ? method : "{method}");
            }
        }
        return template.toString();
    }
}
