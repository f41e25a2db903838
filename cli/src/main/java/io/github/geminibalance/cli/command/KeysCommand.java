package io.github.geminibalance.cli.command;

import io.github.geminibalance.cli.mixin.HelpOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keys}: the group of commands about Gemini API keys. */
@Command(
        name = "keys",
        description = "Work with Gemini API keys.",
        subcommands = KeysCheckCommand.class)
public final class KeysCommand {

    @Mixin
    HelpOptions help;
}
