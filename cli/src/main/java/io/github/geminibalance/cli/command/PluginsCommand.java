package io.github.geminibalance.cli.command;

import io.github.geminibalance.cli.mixin.HelpOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code plugins}: the group of commands about the installed plugins. */
@Command(
        name = "plugins",
        description = "Inspect the installed plugins.",
        subcommands = PluginsListCommand.class)
public final class PluginsCommand {

    @Mixin
    HelpOptions help;
}
