package io.github.geminibalance.cli;

import io.github.geminibalance.cli.command.ConfigCommand;
import io.github.geminibalance.cli.command.KeysCommand;
import io.github.geminibalance.cli.command.PluginsCommand;
import io.github.geminibalance.cli.command.ServeCommand;
import java.io.PrintWriter;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command, {@code gemini-balance}. It does nothing itself: run without a subcommand, it
 * is a usage error.
 */
@Command(
        name = "gemini-balance",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A gateway in front of a pool of Gemini API keys, speaking the OpenAI and Gemini protocols.",
        subcommands = {
            ServeCommand.class, ConfigCommand.class, KeysCommand.class, PluginsCommand.class, GenerateCompletion.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success; for serve, a graceful stop on SIGTERM or SIGINT.",
            "1:Invalid configuration, or a failure while running.",
            "2:Usage error: an unknown command or option, or a bad option value."
        },
        footer = {
            "",
            "Settings come from a .env file, the environment and command-line options, each overriding the one"
                    + " before.",
            "Shell completion (bash, zsh): source <(gemini-balance generate-completion)"
        })
public final class GeminiBalanceCommand {

    /** The root option that makes errors print their stack trace; every subcommand inherits it. */
    static final String VERBOSE = "--verbose";

    @Option(names = VERBOSE, scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean verbose;

    /**
     * The command line as {@link Main} runs it; tests build theirs here too.
     *
     * @param out where command output goes
     * @param err where errors, warnings and usage problems go
     */
    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        ErrorHandler errors = new ErrorHandler();
        CommandLine commandLine = new CommandLine(new GeminiBalanceCommand(), new ContextFactory(context))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        return commandLine;
    }
}
