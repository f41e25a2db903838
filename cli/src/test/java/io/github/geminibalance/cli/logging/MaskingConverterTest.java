package io.github.geminibalance.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped logback pattern masks secrets in messages and in stack traces. */
class MaskingConverterTest {

    private static final String TOKEN = "sk-client-token-0123456789";
    private static final String FOREIGN_KEY = "AIza" + "Q".repeat(35);

    @AfterEach
    void reset() {
        MaskingConverter.use(new Redactor(List.of()));
    }

    @Test
    void messagesAndStackTracesAreMasked() throws Exception {
        MaskingConverter.use(new Redactor(List.of(new Secret(TOKEN))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger logger = loggerWritingTo(out);

        logger.warn("client {} used key {}", TOKEN, FOREIGN_KEY, new IOException("GET /v1beta?key=" + FOREIGN_KEY));

        String written = out.toString(StandardCharsets.UTF_8);
        assertFalse(written.contains(TOKEN), written);
        assertFalse(written.contains(FOREIGN_KEY), written);
        assertTrue(written.contains("sk-cli...6789"), written);
        assertTrue(written.contains("java.io.IOException: GET /v1beta?key=AIzaQQ...QQQQ"), written);
        assertEquals(1, written.split("java.io.IOException", -1).length - 1, "the stack trace once, masked: " + written);
        assertFalse(written.contains("%"), "no pattern text leaks into the line: " + written);
    }

    /** A logger whose appender uses the pattern of the shipped logback.xml. */
    private static Logger loggerWritingTo(ByteArrayOutputStream out) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(MaskingConverterTest.class.getResource("/logback.xml"));
        String pattern = ((PatternLayoutEncoder) ((OutputStreamAppender<ILoggingEvent>) context.getLogger("ROOT")
                .getAppender("STDERR")).getEncoder()).getPattern();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }
}
