package io.github.geminibalance.gateway.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.tool.ToolRequest;
import java.util.Optional;

/**
 * Code execution, when the operator enabled it ({@code TOOLS_CODE_EXECUTION_ENABLED}), where the
 * original gateway added it: plain model names, requests that bring no tools, images or JSON output
 * of their own, and no thinking-only models.
 */
public final class CodeExecutionTool implements ToolProvider {

    private final boolean enabled;

    public CodeExecutionTool(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public String toolName() {
        return "codeExecution";
    }

    @Override
    public Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context) {
        boolean wanted = enabled && request.feature().isEmpty() && !request.request().has("tools")
                && !request.model().contains("-thinking") && !request.hasMedia() && !request.wantsJson();
        return wanted ? Optional.of(BuiltInTools.empty(toolName())) : Optional.empty();
    }
}
