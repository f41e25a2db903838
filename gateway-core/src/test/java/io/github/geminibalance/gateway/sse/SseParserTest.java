package io.github.geminibalance.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add, 1024);

    @Test
    void parsesGoogleStyleCrlfEvents() {
        feed("data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\n\r\n");
        assertEquals(List.of(SseEvent.data("{\"a\":1}"), SseEvent.data("{\"b\":2}")), events);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 11})
    void anySplitOfTheByteStreamGivesTheSameEvents(int pieceSize) {
        byte[] stream = "data: héllo\r\n\r\n: keep-alive\n\ndata: line1\ndata: line2\n\nevent: done\ndata: ✓\r\r"
                .getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < stream.length; start += pieceSize) {
            parser.feed(ByteBuffer.wrap(stream, start, Math.min(pieceSize, stream.length - start)));
        }
        assertEquals(List.of(SseEvent.data("héllo"), SseEvent.data("line1\nline2"), new SseEvent("done", "✓")), events,
                "split lines, CRLF split across chunks, a multi-byte character split in two, LF, CR, comments");
    }

    @Test
    void commentsAndUnknownFieldsAreNotEvents() {
        feed(": keep-alive\n\nid: 7\nretry: 100\n\n");
        assertEquals(List.of(), events);
    }

    @Test
    void spaceAfterTheColonIsOptionalAndOnlyOneIsStripped() {
        feed("data:x\n\ndata:  y\n\n");
        assertEquals(List.of(SseEvent.data("x"), SseEvent.data(" y")), events);
    }

    @Test
    void aLastEventWithoutItsBlankLineIsDeliveredAtTheEnd() {
        feed("data: first\n\ndata: last");
        assertEquals(List.of(SseEvent.data("first")), events);
        parser.finish();
        assertEquals(List.of(SseEvent.data("first"), SseEvent.data("last")), events);
    }

    @Test
    void anOversizedEventFailsInsteadOfFillingMemory() {
        assertThrows(SseParser.SseException.class, () -> feed("data: " + "x".repeat(2000) + "\n\n"));
    }

    @Test
    void encodingAlwaysEndsWithTheBlankLine() {
        assertArrayEquals("data: {}\n\n".getBytes(StandardCharsets.UTF_8), SseEvent.data("{}").encode());
        assertArrayEquals("event: e\ndata: a\ndata: b\n\n".getBytes(StandardCharsets.UTF_8),
                new SseEvent("e", "a\nb").encode());
    }

    private void feed(String text) {
        parser.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
