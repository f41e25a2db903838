package io.github.geminibalance.gateway.config;

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
 */
public record ConfigResult(
        Optional<GatewayConfig> config, List<ConfigProblem> errors, List<ConfigProblem> warnings, LogLevel logLevel) {

    public ConfigResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(logLevel, "logLevel");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if (config.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a configuration goes with no errors, and only then");
        }
    }
}
