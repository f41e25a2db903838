package io.github.geminibalance.cli;

import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Opens the JLine terminal that live progress is drawn on. Commands call it only when
 * {@link CliContext#terminal()} says a person watches, and only when they draw, so that no
 * terminal is created for a pipe, in CI or in tests; tests pass a factory of a dumb terminal.
 */
@FunctionalInterface
public interface TerminalFactory {

    /** The process's own terminal on standard error; fails rather than fall back to a dumb one. */
    TerminalFactory SYSTEM = () -> TerminalBuilder.builder()
            .system(true)
            .dumb(false)
            .systemOutput(TerminalBuilder.SystemOutput.SysErr)
            .build();

    /**
     * A new terminal, which the caller closes.
     *
     * @throws IOException or an unchecked exception when no terminal can be opened
     */
    Terminal open() throws IOException;
}
