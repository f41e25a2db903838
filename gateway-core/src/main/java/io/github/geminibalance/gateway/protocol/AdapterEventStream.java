package io.github.geminibalance.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.observe.TokenUsage;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.proxy.OutgoingEvent;
import io.github.geminibalance.gateway.proxy.StreamTranslator;
import io.github.geminibalance.gateway.sse.SseEvent;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.protocol.StreamConverter;
import io.github.geminibalance.plugin.api.protocol.StreamEvent;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gemini's event stream through an adapter's {@link StreamConverter}, event by event. When the
 * converter fails, the failure is logged with the plugin's id and the stream ends with the
 * converter's own error events ({@code onError}); once the stream has ended nothing more is sent.
 */
final class AdapterEventStream implements StreamTranslator {

    private static final Logger log = LoggerFactory.getLogger(AdapterEventStream.class);

    private final Loaded<ProtocolAdapter> adapter;
    private final StreamConverter converter;
    private final ObjectMapper json;
    private final RequestLogContext request;
    private boolean ended;

    AdapterEventStream(Loaded<ProtocolAdapter> adapter, StreamConverter converter, ObjectMapper json,
            RequestLogContext request) {
        this.adapter = adapter;
        this.converter = converter;
        this.json = json;
        this.request = request;
    }

    @Override
    public List<OutgoingEvent> onEvent(SseEvent upstream) {
        if (ended) {
            return List.of();
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(upstream.data());
        } catch (IOException e) {
            return onBroken("The upstream sent an event that is not JSON");
        }
        TokenUsage.of(chunk).ifPresent(request::tokens);
        return convert("onChunk", () -> converter.onChunk(chunk));
    }

    @Override
    public List<OutgoingEvent> onEnd() {
        if (ended) {
            return List.of();
        }
        List<OutgoingEvent> last = convert("onEnd", converter::onEnd);
        ended = true;
        return last;
    }

    @Override
    public List<OutgoingEvent> onBroken(String reason) {
        if (ended) {
            return List.of();
        }
        ended = true;
        try {
            return events(converter.onError(reason));
        } catch (RuntimeException | LinkageError e) {
            failed("onError", e);
            return List.of();
        }
    }

    private List<OutgoingEvent> convert(String method, Supplier<List<StreamEvent>> step) {
        try {
            return events(step.get());
        } catch (RuntimeException | LinkageError e) {
            failed(method, e);
            return onBroken("The protocol adapter failed");
        }
    }

    /**
     * A whole answer as the event stream the client asked for: one chunk and the end, sent at once
     * (pauses have nothing to pace when the whole answer is there).
     */
    CapturedResponse replay(JsonNode answer) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<OutgoingEvent> events = new ArrayList<>(convert("onChunk", () -> converter.onChunk(answer)));
        events.addAll(onEnd());
        events.forEach(event -> body.writeBytes(event.event().encode()));
        return new CapturedResponse(200, KeyRotatingProxy.EVENT_STREAM_HEADERS, body.toByteArray());
    }

    private void failed(String method, Throwable e) {
        log.warn("protocol adapter {} of plugin {} failed in {} of a stream",
                adapter.id(), adapter.pluginId(), method, e);
    }

    /** @throws IllegalArgumentException for an event that would break the framing of the stream */
    private static List<OutgoingEvent> events(List<StreamEvent> events) {
        return events.stream().map(event -> {
            String name = event.event() == null ? "" : event.event();
            if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || event.data().indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an event name spans lines, or its data has a carriage return");
            }
            return new OutgoingEvent(new SseEvent(event.event(), event.data()), event.pauseAfter());
        }).toList();
    }
}
