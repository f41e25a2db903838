package io.github.geminibalance.gateway.config;

import java.util.Objects;

/**
 * One thing wrong (an error) or suspicious (a warning) about the settings.
 *
 * @param setting the setting's name, or {@code file:line} for a line of a {@code .env} file that
 *     could not be parsed
 * @param value the offending value as written, already masked when it may be a secret, so that a
 *     problem can be printed or logged as it is
 * @param expected what would have been accepted, e.g. {@code an integer between 0 and 65535}
 */
public record ConfigProblem(String setting, String value, String expected) {

    public ConfigProblem {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    /** For example {@code PORT: 70000 (expected: an integer between 0 and 65535)}. */
    @Override
    public String toString() {
        return setting + ": " + (value.isEmpty() ? "<empty>" : value) + " (expected: " + expected + ")";
    }
}
