package io.github.geminibalance.cli.command;

import io.github.geminibalance.gateway.check.CheckProgress;
import io.github.geminibalance.gateway.check.KeyClass;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The text of the {@code keys check} status line, such as
 * {@code [#####...............] 412/1000  137 keys/s  ok 380 · invalid 20 · rate-limited 12}, styled
 * for the terminals that show colours.
 */
final class ProgressBar {

    /** Cells of the bar between its brackets. */
    static final int CELLS = 20;

    private ProgressBar() {}

    /**
     * @param progress how far the check is
     * @param keysPerSecond keys checked per second so far
     */
    static AttributedString render(CheckProgress progress, double keysPerSecond) {
        int filled = progress.total() == 0 ? CELLS : (int) ((long) CELLS * progress.done() / progress.total());
        AttributedStringBuilder line = new AttributedStringBuilder()
                .append("[")
                .styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), "#".repeat(filled))
                .styled(AttributedStyle.DEFAULT.faint(), ".".repeat(CELLS - filled))
                .append(String.format(Locale.ROOT, "] %d/%d  %d keys/s",
                        progress.done(), progress.total(), Math.round(keysPerSecond)));
        String separator = "  ";
        for (Map.Entry<KeyClass, Integer> count : progress.counts().entrySet()) {
            line.append(separator)
                    .styled(style(count.getKey()), count.getKey().label())
                    .append(" " + count.getValue());
            separator = " · ";
        }
        return line.toAttributedString();
    }

    private static AttributedStyle style(KeyClass keyClass) {
        return switch (keyClass) {
            case OK -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case INVALID, SUSPENDED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            case RATE_LIMITED, QUOTA_EXHAUSTED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
            case NETWORK_ERROR, UPSTREAM_ERROR -> AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
        };
    }
}
