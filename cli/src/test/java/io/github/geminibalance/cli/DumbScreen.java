package io.github.geminibalance.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * A {@link TerminalFactory} of JLine dumb terminals that keep what is drawn on them, so that tests
 * see live progress without a real TTY.
 */
public final class DumbScreen implements TerminalFactory {

    private final ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    private int opened;

    @Override
    public synchronized Terminal open() throws IOException {
        opened++;
        return new DumbTerminal("test", Terminal.TYPE_DUMB, InputStream.nullInputStream(), drawn,
                StandardCharsets.UTF_8);
    }

    /** Everything drawn on the terminals opened so far. */
    public synchronized String drawn() {
        return drawn.toString(StandardCharsets.UTF_8);
    }

    /** How many terminals were opened. */
    public synchronized int opened() {
        return opened;
    }
}
