package io.github.geminibalance.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.check.CheckProgress;
import io.github.geminibalance.gateway.check.KeyClass;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final CheckProgress PROGRESS = new CheckProgress(412, 1000,
            Map.of(KeyClass.RATE_LIMITED, 12, KeyClass.OK, 380, KeyClass.INVALID, 20));

    @Test
    void showsTheBarDoneTotalRateAndClassesInClassOrder() {
        assertEquals("[########............] 412/1000  137 keys/s  ok 380 · invalid 20 · rate-limited 12",
                ProgressBar.render(PROGRESS, 136.6).toString());
    }

    @Test
    void beforeAnyKeyTheBarIsEmptyAndHasNoClasses() {
        assertEquals("[....................] 0/3  0 keys/s",
                ProgressBar.render(new CheckProgress(0, 3, Map.of()), 0).toString());
    }

    @Test
    void aTerminalWithColoursGetsThemAndADumbOneDoesNot() throws IOException {
        AttributedString line = ProgressBar.render(PROGRESS, 137);

        try (Terminal colours = terminal("xterm-256color"); Terminal dumb = terminal(Terminal.TYPE_DUMB)) {
            assertTrue(line.toAnsi(colours).contains("\u001b["), line.toAnsi(colours));
            assertEquals(line.toString(), line.toAnsi(dumb));
        }
    }

    private static Terminal terminal(String type) throws IOException {
        return new DumbTerminal("test", type, InputStream.nullInputStream(), new ByteArrayOutputStream(),
                StandardCharsets.UTF_8);
    }
}
