package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.gemini.GeminiGenerateAdapter;
import io.github.geminibalance.gateway.openai.OpenAiChatAdapter;
import io.github.geminibalance.gateway.tools.BuiltInTools;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The gateway's own tools and protocol adapters, known before they exist: they are created from
 * the configuration and services of a running gateway once the plugins are loaded, yet no plugin
 * may take an adapter's id, and {@code plugins list} shows them without a running gateway.
 */
final class BuiltIns {

    /** The ids of the gateway's own protocol adapters. */
    static final Set<String> ADAPTER_IDS = Set.of(OpenAiChatAdapter.ID, GeminiGenerateAdapter.ID);

    private BuiltIns() {}

    /** Each built-in tool and adapter, as {@code plugins list} shows it. */
    static List<ExtensionSummary> summaries() {
        FeaturesConfig allOff = new FeaturesConfig(false, false, false, List.of(), false, List.of());
        Stream<ExtensionSummary> tools = BuiltInTools.of(allOff).stream()
                .map(tool -> summary(ToolProvider.class, tool.id(), tool.extension().getClass()));
        Stream<ExtensionSummary> adapters = Stream.of(
                summary(ProtocolAdapter.class, GeminiGenerateAdapter.ID, GeminiGenerateAdapter.class),
                summary(ProtocolAdapter.class, OpenAiChatAdapter.ID, OpenAiChatAdapter.class));
        return Stream.concat(tools, adapters).toList();
    }

    private static ExtensionSummary summary(Class<?> point, String id, Class<?> type) {
        return new ExtensionSummary(Optional.of(point.getSimpleName()), Optional.of(id), type.getName(), Optional.empty());
    }
}
