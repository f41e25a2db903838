package io.github.geminibalance.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.tool.ToolRequest;
import java.util.List;
import java.util.Optional;

/**
 * URL context (Gemini reads the pages a prompt links to), when the operator enabled it
 * ({@code URL_CONTEXT_ENABLED}) for the models in {@code URL_CONTEXT_MODELS}. Gemini refuses it
 * beside declared functions and JSON output, so those requests do not get it.
 */
public final class UrlContextTool implements ToolProvider {

    private final boolean enabled;
    private final List<String> models;

    public UrlContextTool(boolean enabled, List<String> models) {
        this.enabled = enabled;
        this.models = List.copyOf(models);
    }

    @Override
    public String toolName() {
        return "urlContext";
    }

    @Override
    public Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context) {
        boolean wanted = enabled && models.contains(request.model())
                && !request.hasFunctionDeclarations() && !request.wantsJson();
        return wanted ? Optional.of(BuiltInTools.empty(toolName())) : Optional.empty();
    }
}
