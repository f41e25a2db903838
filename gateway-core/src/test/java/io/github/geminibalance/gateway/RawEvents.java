package io.github.geminibalance.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a server-sent event stream byte by byte, so tests see its framing exactly as sent. */
public final class RawEvents {

    private RawEvents() {}

    /** Reads one event, through its blank line; {@code null} at the end of the stream. */
    public static String readEvent(InputStream in) throws IOException {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            event.write(b);
            if (b == '\n' && previous == '\n') {
                return event.toString(StandardCharsets.UTF_8);
            }
            previous = b;
        }
        if (event.size() > 0) {
            throw new IOException("stream ended inside an event: " + event.toString(StandardCharsets.UTF_8));
        }
        return null;
    }
}
