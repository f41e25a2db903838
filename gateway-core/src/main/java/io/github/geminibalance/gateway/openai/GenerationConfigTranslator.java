package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * OpenAI's sampling and output options as Gemini's {@code generationConfig}:
 * {@code temperature}, {@code top_p}, {@code top_k}, {@code max_completion_tokens} (preferred over
 * {@code max_tokens}), {@code stop}, {@code n}, {@code seed}, the two penalties,
 * {@code response_format} and {@code reasoning_effort} (see {@link ReasoningEffort}).
 *
 * <p>Values within their type pass through unchecked: Gemini knows each model's ranges and names the
 * fault in its 400. The gateway only refuses what no model accepts: wrong types, counts below one,
 * more than Gemini's five stop sequences, unknown enum values.
 */
final class GenerationConfigTranslator {

    private static final int MAX_STOP_SEQUENCES = 5;

    private final boolean showThinkingProcess;

    /**
     * @param showThinkingProcess {@code SHOW_THINKING_PROCESS}: a client that asks for reasoning
     *     also gets to see it
     */
    GenerationConfigTranslator(boolean showThinkingProcess) {
        this.showThinkingProcess = showThinkingProcess;
    }

    /** The generation config; empty when the client set nothing. */
    ObjectNode translate(JsonNode body, String model) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        RequestFields.number(body, "", "temperature").ifPresent(value -> config.set("temperature", value));
        RequestFields.number(body, "", "top_p").ifPresent(value -> config.set("topP", value));
        RequestFields.integer(body, "", "top_k").ifPresent(value -> config.set("topK", integer(value)));
        Optional<Long> maxCompletionTokens = positive(body, "max_completion_tokens");
        Optional<Long> maxTokens = positive(body, "max_tokens");
        maxCompletionTokens.or(() -> maxTokens).ifPresent(value -> config.set("maxOutputTokens", integer(value)));
        stopSequences(body).ifPresent(stop -> config.set("stopSequences", stop));
        positive(body, "n").ifPresent(value -> config.set("candidateCount", integer(value)));
        RequestFields.integer(body, "", "seed").ifPresent(value -> config.set("seed", integer(value)));
        RequestFields.number(body, "", "presence_penalty").ifPresent(value -> config.set("presencePenalty", value));
        RequestFields.number(body, "", "frequency_penalty").ifPresent(value -> config.set("frequencyPenalty", value));
        responseFormat(body, config);
        RequestFields.string(body, "", "reasoning_effort").map(ReasoningEffort::parse).ifPresent(
                effort -> config.set("thinkingConfig", effort.thinkingConfig(model, showThinkingProcess)));
        return config;
    }

    private static Optional<Long> positive(JsonNode body, String field) {
        Optional<Long> value = RequestFields.integer(body, "", field);
        if (value.isPresent() && value.get() < 1) {
            throw RequestFields.invalidValue(field, value.get().toString(), "an integer of at least 1");
        }
        return value;
    }

    /** {@code stop}: one string or a list of them; empty strings stop nothing and are left out. */
    private static Optional<ArrayNode> stopSequences(JsonNode body) {
        JsonNode stop = RequestFields.member(body, "stop");
        if (stop == null) {
            return Optional.empty();
        }
        ArrayNode sequences = JsonNodeFactory.instance.arrayNode();
        if (stop.isTextual()) {
            addStop(sequences, stop);
        } else if (stop.isArray()) {
            for (int i = 0; i < stop.size(); i++) {
                if (!stop.get(i).isTextual()) {
                    throw RequestFields.invalidType("stop[" + i + "]", "a string");
                }
                addStop(sequences, stop.get(i));
            }
        } else {
            throw RequestFields.invalidType("stop", "a string or an array of strings");
        }
        if (sequences.size() > MAX_STOP_SEQUENCES) {
            throw OpenAiRequestException.badRequest(
                    "Invalid value for 'stop': Gemini accepts at most " + MAX_STOP_SEQUENCES + " stop sequences.", "stop");
        }
        return sequences.isEmpty() ? Optional.empty() : Optional.of(sequences);
    }

    private static void addStop(ArrayNode sequences, JsonNode stop) {
        if (!stop.asText().isEmpty()) {
            sequences.add(stop.asText());
        }
    }

    /**
     * {@code text} asks for nothing (forcing {@code text/plain} would gain nothing);
     * {@code json_object} asks for JSON; {@code json_schema} for JSON matching the schema, given as
     * {@code responseJsonSchema}, which takes standard JSON Schema.
     */
    private static void responseFormat(JsonNode body, ObjectNode config) {
        Optional<ObjectNode> format = RequestFields.object(body, "", "response_format");
        if (format.isEmpty()) {
            return;
        }
        String type = RequestFields.requiredString(format.get(), "response_format", "type");
        switch (type) {
            case "text" -> { }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                ObjectNode jsonSchema = RequestFields.requiredObject(format.get(), "response_format", "json_schema");
                config.put("responseMimeType", "application/json");
                RequestFields.object(jsonSchema, "response_format.json_schema", "schema")
                        .ifPresent(schema -> config.set("responseJsonSchema", SchemaCleaner.clean(schema)));
            }
            default -> throw RequestFields.invalidValue("response_format.type", type, "text, json_object or json_schema");
        }
    }

    private static JsonNode integer(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }
}
