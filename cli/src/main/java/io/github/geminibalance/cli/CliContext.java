package io.github.geminibalance.cli;

import io.github.geminibalance.gateway.config.SettingsSources;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the commands take from the process, passed in rather than read where needed so that tests
 * run the real command line against a map, a temporary directory and a stop signal of their own.
 *
 * @param environment the process environment
 * @param workingDirectory where {@code .env}, relative {@code --env-file} paths and the relative paths of
 *     the settings (the plugins directory, the state file) are looked up
 * @param stopSignal what {@code serve} waits for before it drains and stops
 * @param stdin what {@code -} reads, such as {@code keys check --keys-file -}
 * @param terminal whether a person watches the output, so that live progress may be drawn with
 *     control characters
 * @param terminals opens the terminal that progress is drawn on, only ever called when
 *     {@code terminal} is true
 */
public record CliContext(
        Map<String, String> environment, Path workingDirectory, StopSignal stopSignal, InputStream stdin,
        boolean terminal, TerminalFactory terminals) {

    public CliContext {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(terminals, "terminals");
    }

    /** Progress, when {@code terminal} is true, on the process's own terminal. */
    public CliContext(
            Map<String, String> environment, Path workingDirectory, StopSignal stopSignal, InputStream stdin,
            boolean terminal) {
        this(environment, workingDirectory, stopSignal, stdin, terminal, TerminalFactory.SYSTEM);
    }

    /** The process's standard input, and a terminal when the process has a console. */
    public CliContext(Map<String, String> environment, Path workingDirectory, StopSignal stopSignal) {
        this(environment, workingDirectory, stopSignal, System.in, System.console() != null);
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
