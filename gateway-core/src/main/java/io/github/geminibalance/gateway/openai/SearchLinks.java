package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web sources of a grounded ({@code -search}) answer, appended to the content as markdown
 * links when {@code SHOW_SEARCH_LINK} is on. Collects {@code groundingMetadata.groundingChunks[].web}
 * over a whole response or stream, once per URI, in the order first seen.
 */
final class SearchLinks {

    static final String HEADING = "\n\n**Sources**\n";

    private final Map<String, String> titlesByUri = new LinkedHashMap<>();

    /** Whether the sources are shown for this request at all. */
    static boolean wanted(GatewayConfig config, ChatTranslation request) {
        return config.features().showSearchLink() && request.model().feature() == ModelFeature.SEARCH;
    }

    void collect(JsonNode candidate) {
        for (JsonNode chunk : candidate.path("groundingMetadata").path("groundingChunks")) {
            JsonNode web = chunk.path("web");
            String uri = web.path("uri").asText("");
            if (!uri.isEmpty()) {
                String title = web.path("title").asText("");
                titlesByUri.putIfAbsent(uri, title.isEmpty() ? uri : title);
            }
        }
    }

    /** The markdown to append; empty when no source was seen. */
    String markdown() {
        if (titlesByUri.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(HEADING);
        titlesByUri.forEach((uri, title) -> out.append("- [").append(escape(title)).append("](")
                .append(uri.replace(" ", "%20").replace(")", "%29")).append(")\n"));
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static String escape(String title) {
        return title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("\n", " ");
    }
}
