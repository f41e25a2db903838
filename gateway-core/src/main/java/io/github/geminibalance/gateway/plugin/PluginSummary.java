package io.github.geminibalance.gateway.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pf4j.PluginState;

/**
 * One plugin jar as the host found it, for {@code plugins list} and {@code config validate}.
 *
 * @param id the plugin's {@code Plugin-Id}, or the jar's file name when its descriptor could not be read
 * @param version its {@code Plugin-Version}; empty when unknown
 * @param path the jar
 * @param state {@code STARTED} when in use (or {@code RESOLVED} when only described); {@code DISABLED}
 *     by the operator ({@code disabled.txt}) or for an unmet {@code Plugin-Requires}; {@code FAILED}
 *     when it could not be loaded, resolved or started
 * @param failure why it is not in use, when that is not the operator's choice
 * @param extensions its extensions, when it is in use
 */
public record PluginSummary(
        String id,
        String version,
        Path path,
        PluginState state,
        Optional<String> failure,
        List<ExtensionSummary> extensions) {

    public PluginSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failure, "failure");
        extensions = List.copyOf(extensions);
    }
}
