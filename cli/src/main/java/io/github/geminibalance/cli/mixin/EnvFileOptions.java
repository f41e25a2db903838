package io.github.geminibalance.cli.mixin;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --env-file}: the settings file to read instead of {@code ./.env}. */
public final class EnvFileOptions {

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "Settings file to read; it must exist. Default: .env in the working directory, if there"
                    + " is one.")
    Path envFile;

    public Optional<Path> envFile() {
        return Optional.ofNullable(envFile);
    }
}
