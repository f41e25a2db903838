package io.github.geminibalance.cli.mixin;

import picocli.CommandLine.Option;

/** {@code -h/--help} for a subcommand. */
public final class HelpOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
