package io.github.geminibalance.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.geminibalance.gateway.config.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code LOG_LEVEL} to logback's root logger. Loggers with a level of their own in
 * {@code logback.xml} (the access log, noisy libraries) keep it.
 */
public final class RootLogLevel {

    private RootLogLevel() {}

    public static void set(LogLevel level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level.name()));
        }
    }
}
