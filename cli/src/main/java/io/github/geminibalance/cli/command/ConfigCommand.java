package io.github.geminibalance.cli.command;

import io.github.geminibalance.cli.mixin.HelpOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code config}: the group of commands about the gateway's settings. */
@Command(
        name = "config",
        description = "Inspect the gateway's settings.",
        subcommands = ConfigValidateCommand.class)
public final class ConfigCommand {

    @Mixin
    HelpOptions help;
}
