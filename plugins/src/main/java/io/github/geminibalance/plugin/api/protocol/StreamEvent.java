package io.github.geminibalance.plugin.api.protocol;

import java.util.Objects;

/**
 * One server-sent event.
 *
 * @param event the event name ({@code event:} line), or {@code null} for none
 * @param data the data, usually one line of JSON
 */
public record StreamEvent(String event, String data) {

    public StreamEvent {
        Objects.requireNonNull(data, "data");
    }

    public static StreamEvent data(String data) {
        return new StreamEvent(null, data);
    }
}
