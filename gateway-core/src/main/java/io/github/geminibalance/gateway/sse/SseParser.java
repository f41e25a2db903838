package io.github.geminibalance.gateway.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<SseEvent> listener;
    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCarriageReturn;
    private String data;
    private StringBuilder moreData;
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
            int start = chunk.position();
            int end = start;
            int limit = chunk.limit();
            while (end < limit && !isLineBreak(chunk.get(end))) {
                end++;
            }
            if (end > start) {
                lastWasCarriageReturn = false;
                append(chunk, end - start);
            }
            if (end < limit) {
                byte b = chunk.get(end);
                chunk.position(end + 1);
                if (b == '\n' && lastWasCarriageReturn) {
                    lastWasCarriageReturn = false; // the LF of a CRLF
                } else {
                    lastWasCarriageReturn = b == '\r';
                    endLine();
                }
            }
        }
    }

    private static boolean isLineBreak(byte b) {
        return b == '\n' || b == '\r';
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

    /** Appends the next {@code count} bytes of {@code chunk} to the line, all in one copy. */
    private void append(ByteBuffer chunk, int count) {
        eventBytes += count;
        if (eventBytes > maxEventBytes) {
            throw new SseException("event larger than " + maxEventBytes + " bytes");
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        chunk.get(line, lineLength, count);
        lineLength += count;
    }

    /**
     * Ends a line, working on its bytes: only the value of a {@code data} or {@code event} field is
     * decoded, once, since this runs for every event of every stream.
     */
    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        int colon = indexOfColon();
        int fieldEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++; // the spec strips exactly one leading space
        }
        if (colon != 0) { // a line starting with a colon is a comment, e.g. a keep-alive
            if (isField(DATA, fieldEnd)) {
                addData(value(valueStart));
            } else if (isField(EVENT, fieldEnd)) {
                eventName = value(valueStart);
            } // id, retry and unknown fields carry nothing a gateway relays
        }
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not keep one huge event's buffer for the whole stream
        }
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean isField(byte[] name, int fieldEnd) {
        return fieldEnd == name.length && Arrays.equals(line, 0, fieldEnd, name, 0, fieldEnd);
    }

    private String value(int start) {
        return new String(line, start, lineLength - start, StandardCharsets.UTF_8);
    }

    /** An event's data: its one line as it is (nearly every event has one), or its lines joined. */
    private void addData(String value) {
        if (data == null) {
            data = value;
        } else {
            if (moreData == null) {
                moreData = new StringBuilder(data);
            }
            moreData.append('\n').append(value);
        }
    }

    private void dispatch() {
        if (data != null) {
            SseEvent event = new SseEvent(eventName, moreData == null ? data : moreData.toString());
            clearEvent();
            listener.accept(event);
        } else {
            clearEvent();
        }
    }

    private void clearEvent() {
        data = null;
        moreData = null;
        eventName = null;
        eventBytes = 0;
    }

    /** The stream cannot be parsed any further. */
    public static final class SseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SseException(String message) {
            super(message);
        }
    }
}
