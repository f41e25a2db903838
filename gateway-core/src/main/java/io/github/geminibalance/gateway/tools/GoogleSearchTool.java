package io.github.geminibalance.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.tool.ToolRequest;
import java.util.Optional;

/** Google Search grounding, for the {@code -search} model variants. */
public final class GoogleSearchTool implements ToolProvider {

    @Override
    public String toolName() {
        return "googleSearch";
    }

    @Override
    public Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context) {
        return request.feature().equals("search") ? Optional.of(BuiltInTools.empty(toolName())) : Optional.empty();
    }
}
