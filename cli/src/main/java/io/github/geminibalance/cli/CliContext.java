package io.github.geminibalance.cli;

import io.github.geminibalance.gateway.config.SettingsSources;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the commands take from the process, passed in rather than read where needed so that tests
 * run the real command line against a map, a temporary directory and a stop signal of their own.
 *
 * @param environment the process environment
 * @param workingDirectory where {@code .env} and relative {@code --env-file} paths are looked up
 * @param stopSignal what {@code serve} waits for before it drains and stops
 */
public record CliContext(Map<String, String> environment, Path workingDirectory, StopSignal stopSignal) {

    public CliContext {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(stopSignal, "stopSignal");
    }

    /** A path from the settings, such as {@code PLUGINS_DIR}: a relative one is relative to the working directory. */
    public Path path(Path setting) {
        return workingDirectory.resolve(setting);
    }

    /**
     * The settings from the {@code .env} file, the environment and the command line, each source
     * overriding the one before.
     */
    public SettingsSources settings(Optional<Path> envFile, Map<String, String> overrides) {
        return SettingsSources.collect(envFile, workingDirectory, environment, overrides);
    }
}
