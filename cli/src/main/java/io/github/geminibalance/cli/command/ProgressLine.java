package io.github.geminibalance.cli.command;

import io.github.geminibalance.gateway.check.CheckProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The live progress of {@code keys check} on a terminal: one line redrawn in place with a carriage
 * return, at most every 100 ms, and erased when the check is over. Only used on a terminal, since
 * the carriage return is a control character.
 */
final class ProgressLine implements Consumer<CheckProgress> {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private int width;

    ProgressLine(PrintWriter out) {
        this.out = out;
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
        String line = String.format(Locale.ROOT, "checked %d/%d  %.1f keys/s  %s", progress.done(), progress.total(),
                progress.done() / seconds, progress.counts().entrySet().stream()
                        .map(entry -> entry.getKey().label() + " " + entry.getValue())
                        .collect(Collectors.joining(", ")));
        draw(line);
    }

    /** Erases the line, leaving the cursor where it was before the first one. */
    void clear() {
        draw("");
    }

    private void draw(String line) {
        out.print('\r' + line + " ".repeat(Math.max(0, width - line.length())) + '\r');
        out.flush();
        width = line.length();
    }
}
