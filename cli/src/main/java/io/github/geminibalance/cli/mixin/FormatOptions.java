package io.github.geminibalance.cli.mixin;

import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --format text|json}: how a command prints its report. */
public final class FormatOptions {

    /** The report formats. */
    public enum Format {
        TEXT,
        JSON;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    public Format format() {
        return format;
    }
}
