package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.plugin.ExtensionSummary;
import io.github.geminibalance.gateway.plugin.PluginSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code plugins list} prints.
 *
 * @param exists whether the plugins directory exists; without it there are only built-in extensions
 */
record PluginsReport(Path directory, boolean exists, List<PluginSummary> plugins, List<ExtensionSummary> builtIns) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line per plugin and one per extension below it, then the gateway's own extensions. */
    String text() {
        StringBuilder text = new StringBuilder();
        if (!exists) {
            text.append("no plugins directory ").append(directory).append(" (PLUGINS_DIR)\n");
        } else if (plugins.isEmpty()) {
            text.append("no plugins in ").append(directory).append('\n');
        } else {
            text.append("plugins in ").append(directory).append(":\n");
            for (PluginSummary plugin : plugins) {
                text.append("  ").append(plugin.id());
                if (!plugin.version().isEmpty()) {
                    text.append(' ').append(plugin.version());
                }
                text.append(": ").append(state(plugin));
                plugin.failure().ifPresent(failure -> text.append(": ").append(failure));
                text.append('\n');
                plugin.extensions().forEach(extension -> extension(text, extension));
            }
        }
        if (!builtIns.isEmpty()) {
            text.append("built into the gateway:\n");
            builtIns.forEach(extension -> extension(text, extension));
        }
        return text.toString();
    }

    /**
     * {@code {"directory", "plugins": [{"id", "version", "path", "state", "failure", "extensions":
     * [{"point", "id", "className", "failure"}]}], "builtIn": [...]}}; absent values are {@code null}.
     */
    String json() throws JsonProcessingException {
        ObjectNode report = JSON.createObjectNode().put("directory", directory.toString());
        ArrayNode pluginNodes = report.putArray("plugins");
        for (PluginSummary plugin : plugins) {
            ObjectNode node = pluginNodes.addObject()
                    .put("id", plugin.id())
                    .put("version", plugin.version().isEmpty() ? null : plugin.version())
                    .put("path", plugin.path().toString())
                    .put("state", state(plugin))
                    .put("failure", plugin.failure().orElse(null));
            extensions(node.putArray("extensions"), plugin.extensions());
        }
        extensions(report.putArray("builtIn"), builtIns);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + '\n';
    }

    private static String state(PluginSummary plugin) {
        return plugin.state().toString().toLowerCase(Locale.ROOT);
    }

    private static void extension(StringBuilder text, ExtensionSummary extension) {
        text.append("    ").append(extension.point().orElse("(no extension point)")).append(' ');
        if (extension.failure().isPresent()) {
            text.append(extension.className()).append(": not in use: ").append(extension.failure().get());
        } else {
            text.append(extension.id().orElseThrow()).append(" (").append(extension.className()).append(')');
        }
        text.append('\n');
    }

    private static void extensions(ArrayNode nodes, List<ExtensionSummary> extensions) {
        for (ExtensionSummary extension : extensions) {
            nodes.addObject()
                    .put("point", extension.point().orElse(null))
                    .put("id", extension.id().orElse(null))
                    .put("className", extension.className())
                    .put("failure", extension.failure().orElse(null));
        }
    }

}
