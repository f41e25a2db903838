package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.openai.ChatTranslation.MediaFetch;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI {@code messages} as Gemini {@code contents} and {@code systemInstruction}.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they stand, go to
 *       {@code systemInstruction} in order. Gemini has no system role inside {@code contents}, and
 *       an instruction given mid-conversation is still an instruction; turning it into user text
 *       would let the model answer it.
 *   <li>{@code user} content: see {@link UserParts}.
 *   <li>{@code assistant}: text (and refusal) parts, then one {@code functionCall} part per tool
 *       call, carrying the call's thought signature when one is known (from the id, see
 *       {@link ToolCallIds}, or from the {@code extra_content.google.thought_signature} extension).
 *   <li>{@code tool}: a {@code functionResponse} named after the assistant tool call it answers;
 *       legacy {@code function} messages name the function themselves.
 *   <li>Consecutive messages with the same Gemini role become one content, so parallel tool
 *       results arrive as one turn, in order. Empty text is dropped, and so is a message left
 *       with no parts (Gemini refuses both).
 * </ul>
 *
 * For Gemini 3, whose upstream refuses a function call without a signature, a model turn whose
 * first function call has none gets Google's documented {@link #SKIP_SIGNATURE} sentinel: history
 * written by another model or client can then still be replayed.
 */
final class MessageTranslator {

    /** Google's documented stand-in for a thought signature the client never had. */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private static final ObjectMapper JSON = Json.newMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final UserParts userParts;

    MessageTranslator(URI upstreamBase) {
        this.userParts = new UserParts(upstreamBase);
    }

    /**
     * @param systemInstruction {@code null} when there is no system or developer text
     */
    record Conversation(ArrayNode contents, ObjectNode systemInstruction, List<MediaFetch> pendingMedia) {}

    Conversation translate(JsonNode body, String upstreamModel) {
        ArrayNode messages = RequestFields.array(body, "", "messages").orElseThrow(() -> RequestFields.missing("messages"));
        if (messages.isEmpty()) {
            throw OpenAiRequestException.badRequest("'messages' must contain at least one message.", "messages");
        }
        List<ObjectNode> systemParts = new ArrayList<>();
        List<MediaFetch> pendingMedia = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        Contents contents = new Contents();
        for (int i = 0; i < messages.size(); i++) {
            String prefix = "messages[" + i + "]";
            ObjectNode message = RequestFields.element(messages.get(i), prefix);
            String role = RequestFields.requiredString(message, prefix, "role");
            switch (role) {
                case "system", "developer" -> systemParts.addAll(textParts(message, prefix, false));
                case "user" -> contents.append("user", userParts.translate(message, prefix, pendingMedia));
                case "assistant" -> contents.append("model", assistantParts(message, prefix, toolNames));
                case "tool" -> contents.append("user", List.of(functionResponse(toolName(message, prefix, toolNames),
                        textContent(message, prefix))));
                case "function" -> contents.append("user", List.of(functionResponse(
                        RequestFields.requiredString(message, prefix, "name"), textContent(message, prefix))));
                default -> throw RequestFields.invalidValue(RequestFields.param(prefix, "role"), role,
                        "one of system, developer, user, assistant, tool, function");
            }
        }
        if (contents.array.isEmpty()) {
            throw OpenAiRequestException.badRequest(
                    "'messages' must contain at least one user, assistant or tool message with content.", "messages");
        }
        if (upstreamModel.startsWith("gemini-3")) {
            signFirstFunctionCalls(contents.array);
        }
        ObjectNode systemInstruction = null;
        if (!systemParts.isEmpty()) {
            systemInstruction = NODES.objectNode();
            systemInstruction.putArray("parts").addAll(systemParts);
        }
        return new Conversation(contents.array, systemInstruction, pendingMedia);
    }

    /** Text content: a string, or {@code text} parts ({@code refusal} parts too, for the assistant). */
    private static List<ObjectNode> textParts(JsonNode message, String prefix, boolean refusals) {
        return ContentParts.translate(message, prefix, "a string or an array of text parts",
                (part, partParam, type, parts) -> {
                    if (type.equals("text")) {
                        ContentParts.addText(parts, RequestFields.requiredString(part, partParam, "text"));
                    } else if (type.equals("refusal") && refusals) {
                        ContentParts.addText(parts, RequestFields.requiredString(part, partParam, "refusal"));
                    } else {
                        throw RequestFields.invalidValue(RequestFields.param(partParam, "type"), type,
                                refusals ? "text or refusal" : "text");
                    }
                });
    }

    /** A tool result's content as one string; several text parts are joined by line breaks. */
    private static String textContent(JsonNode message, String prefix) {
        List<String> texts = new ArrayList<>();
        for (ObjectNode part : textParts(message, prefix, false)) {
            texts.add(part.get("text").asText());
        }
        return String.join("\n", texts);
    }

    private static List<ObjectNode> assistantParts(ObjectNode message, String prefix, Map<String, String> toolNames) {
        List<ObjectNode> parts = textParts(message, prefix, true);
        Optional<ArrayNode> toolCalls = RequestFields.array(message, prefix, "tool_calls");
        for (int j = 0; toolCalls.isPresent() && j < toolCalls.get().size(); j++) {
            String callParam = prefix + ".tool_calls[" + j + "]";
            ObjectNode call = RequestFields.element(toolCalls.get().get(j), callParam);
            Optional<String> type = RequestFields.string(call, callParam, "type");
            if (type.isPresent() && !type.get().equals("function")) {
                throw RequestFields.invalidValue(RequestFields.param(callParam, "type"), type.get(), "function");
            }
            Optional<String> id = RequestFields.string(call, callParam, "id");
            ObjectNode part = functionCall(RequestFields.requiredObject(call, callParam, "function"),
                    RequestFields.param(callParam, "function"));
            signatureExtension(call, callParam)
                    .or(() -> id.flatMap(ToolCallIds::signatureOf))
                    .ifPresent(signature -> part.put("thoughtSignature", signature));
            id.ifPresent(value -> toolNames.put(value, part.get("functionCall").get("name").asText()));
            parts.add(part);
        }
        // The deprecated single function call of the "functions" API.
        RequestFields.object(message, prefix, "function_call").ifPresent(
                function -> parts.add(functionCall(function, RequestFields.param(prefix, "function_call"))));
        return parts;
    }

    /** {@code {"functionCall":{"name","args"}}} from an OpenAI {@code {"name","arguments"}} object. */
    private static ObjectNode functionCall(ObjectNode function, String functionParam) {
        ObjectNode part = NODES.objectNode();
        ObjectNode call = part.putObject("functionCall");
        call.put("name", RequestFields.requiredString(function, functionParam, "name"));
        call.set("args", arguments(function, RequestFields.param(functionParam, "arguments")));
        return part;
    }

    /** The call's arguments: a JSON object, given as its text (the spec) or, leniently, as an object. */
    private static ObjectNode arguments(ObjectNode function, String param) {
        JsonNode raw = RequestFields.member(function, "arguments");
        if (raw == null) {
            return NODES.objectNode();
        }
        if (raw.isObject()) {
            return ((ObjectNode) raw).deepCopy();
        }
        if (!raw.isTextual()) {
            throw RequestFields.invalidType(param, "a string of JSON");
        }
        if (raw.asText().isBlank()) {
            return NODES.objectNode();
        }
        JsonNode parsed = parse(raw.asText());
        if (parsed == null || !parsed.isObject()) {
            throw OpenAiRequestException.badRequest(
                    "Invalid value for '" + param + "': expected a JSON object, as a string.", param);
        }
        return (ObjectNode) parsed;
    }

    private static Optional<String> signatureExtension(ObjectNode call, String callParam) {
        String extraParam = RequestFields.param(callParam, "extra_content");
        return RequestFields.object(call, callParam, "extra_content")
                .flatMap(extra -> RequestFields.object(extra, extraParam, "google"))
                .flatMap(google -> RequestFields.string(google, extraParam + ".google", "thought_signature"))
                .filter(signature -> !signature.isEmpty());
    }

    private static String toolName(ObjectNode message, String prefix, Map<String, String> toolNames) {
        String id = RequestFields.requiredString(message, prefix, "tool_call_id");
        String name = toolNames.get(id);
        if (name == null) {
            String param = RequestFields.param(prefix, "tool_call_id");
            throw OpenAiRequestException.badRequest("Invalid value for '" + param + "': no assistant tool call with id '"
                    + id + "' precedes this tool message.", param);
        }
        return name;
    }

    /**
     * Gemini wants the response as a JSON object: a result that is one is sent as it is; anything
     * else (a number, a list, plain text) is wrapped as {@code {"result": ...}}.
     */
    private static ObjectNode functionResponse(String name, String content) {
        ObjectNode part = NODES.objectNode();
        ObjectNode response = part.putObject("functionResponse").put("name", name);
        JsonNode parsed = parse(content);
        if (parsed != null && parsed.isObject()) {
            response.set("response", parsed);
        } else {
            response.putObject("response").set("result", parsed != null ? parsed : NODES.textNode(content));
        }
        return part;
    }

    /** The JSON value {@code text} holds, or {@code null} when it is not JSON. */
    private static JsonNode parse(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null || parsed.isMissingNode() ? null : parsed;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static void signFirstFunctionCalls(ArrayNode contents) {
        for (JsonNode content : contents) {
            if (!content.path("role").asText().equals("model")) {
                continue;
            }
            for (JsonNode part : content.path("parts")) {
                if (part.has("functionCall")) {
                    if (!part.has("thoughtSignature")) {
                        ((ObjectNode) part).put("thoughtSignature", SKIP_SIGNATURE);
                    }
                    break;
                }
            }
        }
    }

    /** The contents built so far; parts of consecutive messages with the same role share one content. */
    private static final class Contents {
        private final ArrayNode array = NODES.arrayNode();
        private ArrayNode lastParts;
        private String lastRole;

        void append(String role, List<ObjectNode> parts) {
            if (parts.isEmpty()) {
                return;
            }
            if (!role.equals(lastRole)) {
                ObjectNode content = array.addObject().put("role", role);
                lastParts = content.putArray("parts");
                lastRole = role;
            }
            lastParts.addAll(parts);
        }
    }
}
