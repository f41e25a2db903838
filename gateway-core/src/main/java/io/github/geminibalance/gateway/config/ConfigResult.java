package io.github.geminibalance.gateway.config;

import io.github.geminibalance.gateway.config.GatewayConfig.PluginsConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ConfigLoader} made of the settings: every error and every warning it found, and the
 * configuration when there was no error.
 *
 * @param config present exactly when {@code errors} is empty
 * @param errors problems that prevent the gateway from starting
 * @param warnings problems the gateway starts with, but the operator should know about
 * @param logLevel {@code LOG_LEVEL}; {@link LogLevel#INFO} when it is invalid (that is then one of
 *     the errors), so that the errors themselves can still be logged
 * @param plugins {@code PLUGINS_DIR} and the raw settings, present even when there are errors, so
 *     that the installed plugins can be listed before the rest of the configuration is right
 */
public record ConfigResult(
        Optional<GatewayConfig> config,
        List<ConfigProblem> errors,
        List<ConfigProblem> warnings,
        LogLevel logLevel,
        PluginsConfig plugins) {

    public ConfigResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(plugins, "plugins");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if (config.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a configuration goes with no errors, and only then");
        }
    }
}
