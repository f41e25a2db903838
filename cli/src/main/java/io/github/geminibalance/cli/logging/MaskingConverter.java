package io.github.geminibalance.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import io.github.geminibalance.gateway.redact.Redactor;
import java.util.List;

/**
 * {@code %mask(...)} in a logback pattern: the last line of defence that keeps keys and tokens out
 * of log files. The gateway never logs a secret on purpose, but an exception message from a
 * library may quote a URL or a header; whatever the wrapped pattern renders passes through the
 * {@link Redactor} of the running configuration.
 */
public final class MaskingConverter extends CompositeConverter<ILoggingEvent> {

    private static volatile Redactor redactor = new Redactor(List.of());

    /** Makes every later log line mask the secrets of this configuration too. */
    public static void use(Redactor configured) {
        redactor = configured;
    }

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return redactor.redact(in);
    }
}
