package io.github.geminibalance.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The {@code gemini-balance} launcher: the only place that touches the real process. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        CliContext context = new CliContext(
                System.getenv(), Path.of("").toAbsolutePath(), StopSignal.terminationSignals());
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(GeminiBalanceCommand.commandLine(context, out, err).execute(args));
    }
}
