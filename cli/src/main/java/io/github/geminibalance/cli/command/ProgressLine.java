package io.github.geminibalance.cli.command;

import io.github.geminibalance.cli.TerminalFactory;
import io.github.geminibalance.gateway.check.CheckProgress;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live progress of {@code keys check} on a JLine terminal: one {@link ProgressBar} line redrawn
 * in place at most every 100 ms, cut to the terminal's width so that it never wraps, and erased by
 * {@link #close()} before the report is printed. Only used when a person watches, since redrawing
 * takes control characters.
 */
final class ProgressLine implements Consumer<CheckProgress>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressLine.class);
    private static final long REDRAW_NANOS = 100_000_000L;
    /** The width of a terminal that does not tell its own, such as a dumb one. */
    private static final int DEFAULT_COLUMNS = 80;

    private final Terminal terminal;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private int drawnColumns;

    private ProgressLine(Terminal terminal) {
        this.terminal = terminal;
    }

    /** A progress line on a terminal from {@code terminals}, or none when no terminal can be opened. */
    static Optional<ProgressLine> open(TerminalFactory terminals) {
        try {
            return Optional.of(new ProgressLine(terminals.open()));
        } catch (IOException | RuntimeException e) {
            log.debug("no terminal for the progress line", e);
            return Optional.empty();
        }
    }

    /** Called by the checker one call at a time. */
    @Override
    public void accept(CheckProgress progress) {
        long now = System.nanoTime();
        if (progress.done() < progress.total() && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        draw(ProgressBar.render(progress, progress.done() / seconds));
    }

    /** Erases the line, leaving the cursor where it was before the first one, and releases the terminal. */
    @Override
    public void close() {
        try {
            draw(AttributedString.EMPTY);
        } finally {
            try {
                terminal.close();
            } catch (IOException e) {
                log.debug("closing the terminal", e);
            }
        }
    }

    private void draw(AttributedString line) {
        int columns = terminal.getWidth() > 0 ? terminal.getWidth() : DEFAULT_COLUMNS;
        // One column short of the width: some terminals wrap as soon as the last one is written.
        AttributedString shown = line.columnSubSequence(0, columns - 1);
        terminal.puts(Capability.carriage_return);
        terminal.writer().print(shown.toAnsi(terminal));
        int width = shown.columnLength();
        if (!terminal.puts(Capability.clr_eol)) {
            terminal.writer().print(" ".repeat(Math.max(0, drawnColumns - width)));
        }
        terminal.puts(Capability.carriage_return);
        terminal.flush();
        drawnColumns = width;
    }
}
