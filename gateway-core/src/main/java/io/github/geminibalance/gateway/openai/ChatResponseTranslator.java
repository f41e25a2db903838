package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig;
import java.util.Objects;

/**
 * A Gemini {@code generateContent} response as an OpenAI {@code chat.completion}
 * (protocols.md §2.7): one choice per candidate, text and rendered code, images and search sources
 * in {@code content}, thoughts in {@code reasoning_content} (with {@code SHOW_THINKING_PROCESS}),
 * function calls as {@code tool_calls}, the finish reason mapped by {@link FinishReasons} and the
 * usage by {@link UsageMapper}.
 *
 * <p>A prompt Gemini blocked (no candidates, {@code promptFeedback.blockReason}) becomes a normal
 * 200 body with one choice, content {@code ""} and finish reason {@code content_filter}.
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class ChatResponseTranslator {

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final PartRenderer parts;

    public ChatResponseTranslator(GatewayConfig config, ObjectMapper json) {
        this.config = Objects.requireNonNull(config, "config");
        this.json = Objects.requireNonNull(json, "json");
        this.parts = new PartRenderer(config.features().showThinkingProcess(), json);
    }

    /**
     * @param geminiResponse the upstream {@code GenerateContentResponse}
     * @param request the translated request this answers
     * @param id the completion id ({@code chatcmpl-…})
     * @param created unix seconds
     */
    public ObjectNode translate(JsonNode geminiResponse, ChatTranslation request, String id, long created) {
        ObjectNode out = envelope(json, "chat.completion", id, created, request.requestedModel());
        ArrayNode choices = out.putArray("choices");
        JsonNode candidates = geminiResponse.path("candidates");
        if (candidates.isArray() && !candidates.isEmpty()) {
            boolean links = SearchLinks.wanted(config, request);
            int position = 0;
            for (JsonNode candidate : candidates) {
                choices.add(choice(candidate, position++, links, id));
            }
        } else {
            String blockReason = geminiResponse.path("promptFeedback").path("blockReason").asText("");
            FinishReasons.Finish finish = blockReason.isEmpty()
                    ? FinishReasons.of(null, null, false, id)
                    : FinishReasons.blockedPrompt(blockReason, id);
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            message(choice, "", "", null);
            choice.putNull("logprobs");
            choice.put("finish_reason", finish.finishReason());
        }
        UsageMapper.fill(out.putObject("usage"), geminiResponse.get("usageMetadata"));
        return out;
    }

    private ObjectNode choice(JsonNode candidate, int position, boolean links, String id) {
        PartRenderer.Rendered rendered = parts.render(candidate.path("content").path("parts"));
        FinishReasons.Finish finish = FinishReasons.of(candidate.path("finishReason").asText(""),
                candidate.path("finishMessage").asText(null), !rendered.toolCalls().isEmpty(), id);
        StringBuilder text = new StringBuilder(rendered.text());
        if (text.length() == 0 && rendered.toolCalls().isEmpty() && finish.notice() != null) {
            text.append(finish.notice());
        }
        if (links) {
            SearchLinks sources = new SearchLinks();
            sources.collect(candidate);
            text.append(sources.markdown());
        }
        ObjectNode choice = json.createObjectNode();
        choice.put("index", candidate.path("index").asInt(position));
        ArrayNode toolCalls = null;
        if (!rendered.toolCalls().isEmpty()) {
            toolCalls = json.createArrayNode();
            for (PartRenderer.ToolCall call : rendered.toolCalls()) {
                call.toJson(toolCalls.addObject(), null);
            }
        }
        // OpenAI's convention: no text beside tool calls is a null content.
        message(choice, text.length() == 0 && toolCalls != null ? null : text.toString(), rendered.reasoning(), toolCalls);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish.finishReason());
        return choice;
    }

    private static void message(ObjectNode choice, String content, String reasoning, ArrayNode toolCalls) {
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning);
        }
        message.putNull("refusal");
        if (toolCalls != null) {
            message.set("tool_calls", toolCalls);
        }
    }

    /** The fields every completion and every chunk starts with. */
    static ObjectNode envelope(ObjectMapper json, String object, String id, long created, String model) {
        ObjectNode out = json.createObjectNode();
        out.put("id", id);
        out.put("object", object);
        out.put("created", created);
        out.put("model", model);
        out.putNull("system_fingerprint");
        return out;
    }
}
