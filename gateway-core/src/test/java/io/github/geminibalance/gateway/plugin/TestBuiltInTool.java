package io.github.geminibalance.gateway.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.tool.ToolRequest;
import java.util.Optional;

/**
 * A built-in extension for tests, listed in the index of a class path {@link PluginHostTest} makes
 * up. It has no {@code @Extension}: indexed into the test classes, it would be built into every
 * gateway the tests start, those of other modules included.
 */
public class TestBuiltInTool implements ToolProvider {

    static final String NAME = "testBuiltIn";

    @Override
    public String toolName() {
        return NAME;
    }

    @Override
    public Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context) {
        return Optional.empty();
    }
}
