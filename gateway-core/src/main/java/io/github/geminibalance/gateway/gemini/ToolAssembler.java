package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.plugin.HostPluginContext;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.tools.BuiltInTools;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.tool.ToolRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every tool provider, the gateway's own and the plugins', which tools a request should get,
 * and appends them to its {@code tools}, unless the client sent that tool itself. Providers all
 * see the request as the client sent it, so one provider's addition never changes another's
 * decision. A provider that throws is logged and skipped: the request goes on without its tool.
 */
public final class ToolAssembler {

    private static final Logger log = LoggerFactory.getLogger(ToolAssembler.class);

    private final List<Loaded<ToolProvider>> providers;
    private final PluginContext context;

    public ToolAssembler(List<Loaded<ToolProvider>> providers, PluginContext context) {
        this.providers = List.copyOf(providers);
        this.context = context;
    }

    /**
     * The gateway's own tools only, for code that runs without a plugin host (tests, tools). They
     * read nothing from their context, which therefore offers no HTTP.
     */
    public static ToolAssembler builtIn(FeaturesConfig features) {
        PluginContext context = new HostPluginContext(HostPluginContext.settingsOf(Map.of()),
                call -> CompletableFuture.failedFuture(new UnsupportedOperationException("no HTTP for built-in tools")),
                new ObjectMapper());
        return new ToolAssembler(BuiltInTools.of(features), context);
    }

    public void addTools(ObjectNode body, ResolvedModel model) {
        ToolRequest request = new ToolRequest(model.upstream(), featureName(model.feature()), body.deepCopy(),
                declaresFunctions(body), hasMedia(body.path("contents")), wantsJson(body));
        List<ObjectNode> added = new ArrayList<>();
        for (Loaded<ToolProvider> provider : providers) {
            ask(provider, request).filter(tool -> !present(body, tool)).ifPresent(added::add);
        }
        JsonNode tools = body.get("tools");
        if (added.isEmpty() || tools != null && !tools.isNull() && !tools.isArray()) {
            return; // tools that are not a list are left for Google to refuse in its own words
        }
        ArrayNode list = tools instanceof ArrayNode array ? array : body.putArray("tools");
        added.forEach(list::add);
    }

    private Optional<ObjectNode> ask(Loaded<ToolProvider> provider, ToolRequest request) {
        try {
            Optional<ObjectNode> tool = provider.extension().toolFor(request, context);
            return tool == null ? Optional.empty() : tool;
        } catch (RuntimeException | LinkageError e) {
            log.warn("tool provider {} of plugin {} failed, the request goes on without it: {}",
                    provider.id(), provider.pluginId(), e.toString());
            return Optional.empty();
        }
    }

    /** Whether the request already has a tool of the same kind (the same field name). */
    private static boolean present(ObjectNode body, ObjectNode tool) {
        for (JsonNode existing : body.path("tools")) {
            Iterator<String> names = tool.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (existing.has(name) || existing.has(snakeCase(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String featureName(ModelFeature feature) {
        return feature.suffix().isEmpty() ? "" : feature.suffix().substring(1);
    }

    private static boolean declaresFunctions(ObjectNode body) {
        for (JsonNode tool : body.path("tools")) {
            if (tool.has("functionDeclarations") || tool.has("function_declarations")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMedia(JsonNode contents) {
        for (JsonNode content : contents) {
            for (JsonNode part : content.path("parts")) {
                if (part.has("inlineData") || part.has("inline_data") || part.has("fileData") || part.has("file_data")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean wantsJson(ObjectNode body) {
        JsonNode config = body.has("generation_config") ? body.get("generation_config") : body.path("generationConfig");
        return config.path("responseMimeType").asText(config.path("response_mime_type").asText(""))
                .startsWith("application/json");
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
