package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Gemini {@code streamGenerateContent} stream as OpenAI {@code chat.completion.chunk} payloads
 * (protocols.md §3.1, §3.3). One instance per streamed request; not thread-safe (events of one
 * stream arrive in order). Each method returns the {@code data:} payloads to send, in order,
 * without the {@code data: } prefix: JSON strings, and the literal {@code [DONE]} last.
 *
 * <p>The sequence:
 * <ol>
 *   <li>Every chunk has the same {@code id}, {@code created} and {@code model}; every choice entry
 *       has {@code logprobs: null} and {@code finish_reason: null} except in the finish chunk; with
 *       {@code include_usage} every chunk but the usage chunk has {@code usage: null}.
 *   <li>The first delta of each choice carries {@code role: "assistant"} and a {@code content}
 *       ({@code ""} when the event has no text); it is sent on the candidate's first event even
 *       when that event has nothing else to show, so the client sees the answer begin. Later
 *       deltas carry only {@code content}, {@code reasoning_content} and {@code tool_calls}.
 *   <li>Each function call is one tool-call delta with its {@code index} (0-based, per choice),
 *       {@code id}, {@code type}, name and complete arguments.
 *   <li>At the end ({@link #onEnd()}), per choice in index order: a choice that never got a delta
 *       gets its role delta; a choice that ended without text or tool calls for an unusual reason
 *       gets the {@linkplain FinishReasons notice} as content; with {@code SHOW_SEARCH_LINK} and a
 *       {@code -search} model the sources as one content delta; then exactly one finish chunk
 *       ({@code delta: {}}, the mapped finish reason, {@code tool_calls} when the choice had a
 *       function call). Then, with {@code include_usage}, the usage chunk ({@code choices: []},
 *       usage from the last {@code usageMetadata} seen), and {@code [DONE]}.
 *   <li>An event with only {@code promptFeedback.blockReason} ends the choice with
 *       {@code content_filter}. A stream that ends without any {@code finishReason} still gets its
 *       finish chunk, with {@code stop} (logged): the client keeps what it received, as it would
 *       with an OpenAI stream; a broken connection is reported by {@link #onBrokenStream} instead.
 *   <li>An upstream error event ({@code {"error": {...}}}) ends the stream like
 *       {@link #onBrokenStream}. After the end, every method returns nothing.
 * </ol>
 */
public final class ChatStreamTranslator {

    /** One payload and how long to wait after sending it (zero when not paced). */
    public record PacedPayload(String data, Duration delayAfter) {}

    static final String DONE = "[DONE]";

    private final ObjectMapper json;
    private final ChatTranslation request;
    private final String id;
    private final long created;
    private final PartRenderer parts;
    private final boolean showLinks;
    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private JsonNode lastUsage;
    private String blockReason;
    private boolean closed;

    public ChatStreamTranslator(GatewayConfig config, ObjectMapper json, ChatTranslation request, String id, long created) {
        this.json = Objects.requireNonNull(json, "json");
        this.request = Objects.requireNonNull(request, "request");
        this.id = Objects.requireNonNull(id, "id");
        this.created = created;
        this.parts = new PartRenderer(config.features().showThinkingProcess(), json);
        this.showLinks = SearchLinks.wanted(config, request);
    }

    /** The payloads for one upstream event (a {@code GenerateContentResponse}). */
    public List<String> onEvent(JsonNode geminiChunk) {
        return onEvent(geminiChunk, null).stream().map(PacedPayload::data).toList();
    }

    /**
     * The payloads for one upstream event, with the content re-chunked by the stream optimizer
     * (upstream.md §4.7): role, reasoning and tool calls go first in one chunk, then each piece of
     * a choice's text in a chunk of its own, with the piece's delay. Without an optimizer
     * ({@code null}) this is {@link #onEvent(JsonNode)} with zero delays.
     */
    public List<PacedPayload> onEvent(JsonNode geminiChunk, StreamOptimizer optimizer) {
        if (closed) {
            return List.of();
        }
        if (geminiChunk.hasNonNull("error") && !geminiChunk.has("candidates")) {
            JsonNode error = geminiChunk.get("error");
            String message = "Upstream error " + error.path("code").asText("") + " "
                    + error.path("status").asText("") + ": " + error.path("message").asText("");
            return unpaced(onBrokenStream(message.replaceAll(" +", " ")));
        }
        List<ObjectNode> entries = deltas(geminiChunk);
        if (entries.isEmpty()) {
            return List.of();
        }
        if (optimizer == null) {
            return List.of(new PacedPayload(chunk(entries), Duration.ZERO));
        }
        List<PacedPayload> out = new ArrayList<>();
        List<ObjectNode> rest = new ArrayList<>();
        List<ObjectNode> texts = new ArrayList<>();
        for (ObjectNode entry : entries) {
            ObjectNode delta = (ObjectNode) entry.get("delta");
            String content = delta.path("content").asText("");
            if (content.isEmpty()) {
                rest.add(entry);
                continue;
            }
            texts.add(entry);
            if (delta.has("role")) {
                delta.put("content", "");
            } else {
                delta.remove("content");
            }
            if (!delta.isEmpty()) {
                rest.add(entry.deepCopy());
            }
            delta.removeAll();
            delta.put("content", content);
        }
        if (!rest.isEmpty()) {
            out.add(new PacedPayload(chunk(rest), Duration.ZERO));
        }
        for (ObjectNode entry : texts) {
            for (StreamOptimizer.Piece piece : optimizer.split(entry.get("delta").get("content").asText())) {
                ObjectNode one = entry.deepCopy();
                ((ObjectNode) one.get("delta")).put("content", piece.text());
                out.add(new PacedPayload(chunk(List.of(one)), piece.delayAfter()));
            }
        }
        return out;
    }

    /** The closing payloads: per choice its last content and its finish chunk, the usage chunk, {@code [DONE]}. */
    public List<String> onEnd() {
        if (closed) {
            return List.of();
        }
        closed = true;
        if (choices.isEmpty()) {
            choices.put(0, new ChoiceState());
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
            int index = e.getKey();
            ChoiceState state = e.getValue();
            FinishReasons.Finish finish = state.finishReason == null && blockReason != null
                    ? FinishReasons.blockedPrompt(blockReason, id)
                    : FinishReasons.of(state.finishReason, state.finishMessage, state.toolCalls > 0, id);
            StringBuilder tail = new StringBuilder();
            if (!state.hadText && state.toolCalls == 0 && finish.notice() != null) {
                tail.append(finish.notice());
            }
            if (showLinks) {
                tail.append(state.links.markdown());
            }
            if (tail.length() > 0 || !state.started) {
                ObjectNode delta = delta(state);
                if (tail.length() > 0) {
                    delta.put("content", tail.toString());
                }
                out.add(chunk(List.of(entry(index, delta, null))));
            }
            out.add(chunk(List.of(entry(index, json.createObjectNode(), finish.finishReason()))));
        }
        if (request.includeUsage()) {
            ObjectNode usageChunk = envelope();
            usageChunk.putArray("choices");
            UsageMapper.fill(usageChunk.putObject("usage"), lastUsage);
            out.add(write(usageChunk));
        }
        out.add(DONE);
        return out;
    }

    /**
     * The payloads that end a stream the upstream broke off after the response began (a cut
     * connection, a read timeout, an error event): an OpenAI error object, then {@code [DONE]}.
     * No finish chunk: the answer is incomplete, and the clients that read error events say so.
     */
    public List<String> onBrokenStream(String message) {
        if (closed) {
            return List.of();
        }
        closed = true;
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", "server_error");
        error.putNull("param");
        error.put("code", "upstream_stream_broken");
        return List.of(write(body), DONE);
    }

    /** Whether the stream has been ended (by {@link #onEnd}, {@link #onBrokenStream} or an error event). */
    public boolean isClosed() {
        return closed;
    }

    private List<ObjectNode> deltas(JsonNode geminiChunk) {
        if (geminiChunk.hasNonNull("usageMetadata")) {
            lastUsage = geminiChunk.get("usageMetadata");
        }
        String blocked = geminiChunk.path("promptFeedback").path("blockReason").asText("");
        if (!blocked.isEmpty()) {
            blockReason = blocked;
        }
        List<ObjectNode> entries = new ArrayList<>();
        int position = 0;
        for (JsonNode candidate : geminiChunk.path("candidates")) {
            int index = candidate.path("index").asInt(position++);
            ChoiceState state = choices.computeIfAbsent(index, i -> new ChoiceState());
            if (state.finishReason == null && !candidate.path("finishReason").asText("").isEmpty()) {
                state.finishReason = candidate.get("finishReason").asText();
                state.finishMessage = candidate.path("finishMessage").asText(null);
            }
            state.links.collect(candidate);
            PartRenderer.Rendered rendered = parts.render(candidate.path("content").path("parts"));
            if (rendered.isEmpty() && state.started) {
                continue;
            }
            ObjectNode delta = delta(state);
            if (!rendered.text().isEmpty()) {
                delta.put("content", rendered.text());
                state.hadText = true;
            }
            if (!rendered.reasoning().isEmpty()) {
                delta.put("reasoning_content", rendered.reasoning());
            }
            if (!rendered.toolCalls().isEmpty()) {
                ArrayNode calls = delta.putArray("tool_calls");
                for (PartRenderer.ToolCall call : rendered.toolCalls()) {
                    call.toJson(calls.addObject(), state.toolCalls++);
                }
            }
            entries.add(entry(index, delta, null));
        }
        return entries;
    }

    /** A new delta for the choice: the first one carries the role and a content. */
    private ObjectNode delta(ChoiceState state) {
        ObjectNode delta = json.createObjectNode();
        if (!state.started) {
            state.started = true;
            delta.put("role", "assistant");
            delta.put("content", "");
        }
        return delta;
    }

    private ObjectNode entry(int index, ObjectNode delta, String finishReason) {
        ObjectNode entry = json.createObjectNode();
        entry.put("index", index);
        entry.set("delta", delta);
        entry.putNull("logprobs");
        entry.put("finish_reason", finishReason);
        return entry;
    }

    private String chunk(List<ObjectNode> entries) {
        ObjectNode chunk = envelope();
        chunk.putArray("choices").addAll(entries);
        if (request.includeUsage()) {
            chunk.putNull("usage");
        }
        return write(chunk);
    }

    private ObjectNode envelope() {
        return ChatResponseTranslator.envelope(json, "chat.completion.chunk", id, created, request.requestedModel());
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PacedPayload> unpaced(List<String> payloads) {
        return payloads.stream().map(p -> new PacedPayload(p, Duration.ZERO)).toList();
    }

    /** What the stream has shown of one choice so far. */
    private static final class ChoiceState {
        boolean started;
        boolean hadText;
        int toolCalls;
        String finishReason;
        String finishMessage;
        final SearchLinks links = new SearchLinks();
    }
}
