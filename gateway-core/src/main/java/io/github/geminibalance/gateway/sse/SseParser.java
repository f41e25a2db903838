package io.github.geminibalance.gateway.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental parser of a {@code text/event-stream} body, fed with chunks as they arrive from
 * the network. Chunks may split an event, a line or a UTF-8 character anywhere: the parser works
 * on bytes and decodes only complete lines. Lines end with LF, CRLF or CR (Google's servers send
 * CRLF). Comments ({@code : keep-alive}) and {@code id}/{@code retry} fields are skipped.
 *
 * <p>Not thread-safe: one parser per stream, fed from one thread at a time.
 */
public final class SseParser {

    private final Consumer<SseEvent> listener;
    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCarriageReturn;
    private StringBuilder data;
    private String eventName;
    private int eventBytes;

    /**
     * @param maxEventBytes the largest event accepted; a bigger one fails the stream instead of
     *     exhausting memory
     */
    public SseParser(Consumer<SseEvent> listener, int maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds the next chunk; complete events are delivered to the listener before this returns. */
    public void feed(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n' && lastWasCarriageReturn) {
                lastWasCarriageReturn = false;
                continue;
            }
            lastWasCarriageReturn = b == '\r';
            if (b == '\n' || b == '\r') {
                endLine();
            } else {
                append(b);
            }
        }
    }

    /**
     * Ends the stream: an event still open (its blank line never came) is delivered anyway, since
     * upstreams do end their last event that way and the data is complete.
     */
    public void finish() {
        if (lineLength > 0) {
            endLine();
        }
        dispatch();
    }

    private void append(byte b) {
        if (++eventBytes > maxEventBytes) {
            throw new SseException("event larger than " + maxEventBytes + " bytes");
        }
        if (lineLength == line.length) {
            byte[] bigger = new byte[line.length * 2];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not keep one huge event's buffer for the whole stream
        }
        int colon = text.indexOf(':');
        if (colon == 0) {
            return; // a comment, e.g. a keep-alive
        }
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1); // the spec strips exactly one leading space
        }
        switch (field) {
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
            }
            case "event" -> eventName = value;
            default -> { } // id, retry and unknown fields carry nothing a gateway relays
        }
    }

    private void dispatch() {
        if (data != null) {
            SseEvent event = new SseEvent(eventName, data.toString());
            data = null;
            eventName = null;
            eventBytes = 0;
            listener.accept(event);
        } else {
            eventName = null;
            eventBytes = 0;
        }
    }

    /** The stream cannot be parsed any further. */
    public static final class SseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SseException(String message) {
            super(message);
        }
    }
}
