package io.github.geminibalance.gateway.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import java.util.List;

/**
 * The gateway's own tool providers. They implement the same extension point as plugins' and sit
 * in the same list; only their creation differs, since they take the typed configuration.
 */
public final class BuiltInTools {

    private BuiltInTools() {}

    public static List<Loaded<ToolProvider>> of(FeaturesConfig features) {
        return List.of(
                builtIn(new GoogleSearchTool()),
                builtIn(new CodeExecutionTool(features.codeExecution())),
                builtIn(new UrlContextTool(features.urlContext(), features.urlContextModels())));
    }

    /** A tool object with no options, e.g. {@code {"googleSearch": {}}}. */
    static ObjectNode empty(String toolName) {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.putObject(toolName);
        return tool;
    }

    private static Loaded<ToolProvider> builtIn(ToolProvider tool) {
        return new Loaded<>(Loaded.BUILT_IN, tool.toolName(), tool);
    }
}
