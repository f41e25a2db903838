package io.github.geminibalance.gateway.sse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One server-sent event. Only the fields a gateway relays are kept: the event name (rarely used
 * by Gemini or OpenAI) and the data, whose lines are joined with {@code \n} as the SSE spec says.
 */
public record SseEvent(String event, String data) {

    public SseEvent {
        Objects.requireNonNull(data, "data");
    }

    public static SseEvent data(String data) {
        return new SseEvent(null, data);
    }

    /**
     * The wire form: one {@code data:} line per data line, and always the blank line that ends
     * the event (some clients, {@code @google/genai} among them, fail on a last event without it).
     */
    public byte[] encode() {
        StringBuilder out = new StringBuilder(data.length() + 16);
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        int start = 0;
        while (true) {
            int newline = data.indexOf('\n', start);
            out.append("data: ").append(data, start, newline < 0 ? data.length() : newline).append('\n');
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
