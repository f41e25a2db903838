package io.github.geminibalance.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real command line in-process, as {@link Main} does, and captures what it prints. */
public final class Cli {

    /** A stop signal that never blocks: a {@code serve} started by mistake stops at once. */
    private static final StopSignal NO_WAIT = () -> {};

    /** Tests never open the process's terminal: a command that tries to goes without progress. */
    private static final TerminalFactory NO_TERMINAL = () -> {
        throw new IllegalStateException("no terminal in tests");
    };

    private Cli() {}

    /** What one run returned and printed. */
    public record Result(int exitCode, String out, String err) {}

    /** Runs with no standard input and no terminal. */
    public static Result run(Path workingDirectory, Map<String, String> environment, String... args) {
        return run(new CliContext(
                environment, workingDirectory, NO_WAIT, InputStream.nullInputStream(), false, NO_TERMINAL), args);
    }

    /**
     * A context with {@code stdin} as standard input.
     *
     * @param terminal whether the command may believe a person watches its output; no terminal
     *     can be opened all the same
     */
    public static CliContext context(
            Path workingDirectory, Map<String, String> environment, String stdin, boolean terminal) {
        return new CliContext(environment, workingDirectory, NO_WAIT,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal, NO_TERMINAL);
    }

    /**
     * A context with {@code stdin} as standard input in which a person watches {@code screen}, or
     * none when {@code terminal} is false.
     */
    public static CliContext context(Path workingDirectory, Map<String, String> environment, String stdin,
            boolean terminal, DumbScreen screen) {
        return new CliContext(environment, workingDirectory, NO_WAIT,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal, screen);
    }

    public static Result run(CliContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = GeminiBalanceCommand.commandLine(context, new PrintWriter(out), new PrintWriter(err))
                .execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
