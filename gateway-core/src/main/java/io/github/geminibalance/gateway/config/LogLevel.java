package io.github.geminibalance.gateway.config;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code LOG_LEVEL}: the gateway's root log level. It is not part of {@link GatewayConfig} because
 * logging is set up before, and independently of, the rest of the configuration.
 */
public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /**
     * Reads a level case-insensitively. Python's {@code WARNING} and {@code CRITICAL} are accepted
     * too, so that an original gateway's {@code .env} keeps working.
     */
    public static Optional<LogLevel> parse(String text) {
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Optional.of(TRACE);
            case "DEBUG" -> Optional.of(DEBUG);
            case "INFO" -> Optional.of(INFO);
            case "WARN", "WARNING" -> Optional.of(WARN);
            case "ERROR", "CRITICAL" -> Optional.of(ERROR);
            default -> Optional.empty();
        };
    }
}
