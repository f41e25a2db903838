package io.github.geminibalance.plugin.api.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.plugin.api.PluginContext;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Adds one of Gemini's tools to requests that should have it: Google Search for {@code -search}
 * models, code execution when the operator enabled it, URL context, or a tool of a plugin's own.
 * The gateway asks every provider for every {@code generateContent} request and appends what
 * they return to the request's {@code tools}, unless the client already sent that tool.
 */
public interface ToolProvider extends ExtensionPoint {

    /** The tool's field name in Gemini's {@code Tool} object, e.g. {@code googleSearch}. */
    String toolName();

    /**
     * The tool object to add, e.g. {@code {"googleSearch": {}}}, or empty when this request should
     * not get it.
     */
    Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context);
}
