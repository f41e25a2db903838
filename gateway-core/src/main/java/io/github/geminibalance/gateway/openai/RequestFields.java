package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Typed reads of an OpenAI request's fields. A wrong type is the client's mistake, so it becomes
 * a 400 naming the field the way OpenAI does ({@code messages[2].content[0].image_url.url}), never
 * a generic exception. JSON {@code null} counts as absent: several clients send {@code null} for
 * every option they did not set.
 */
final class RequestFields {

    private RequestFields() {}

    /** {@code prefix.field}, or {@code field} at the top level. */
    static String param(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    /** The member, or {@code null} when it is absent or JSON {@code null}. */
    static JsonNode member(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? null : value;
    }

    static Optional<String> string(JsonNode parent, String prefix, String field) {
        JsonNode value = member(parent, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalidType(param(prefix, field), "a string");
        }
        return Optional.of(value.asText());
    }

    static String requiredString(JsonNode parent, String prefix, String field) {
        return string(parent, prefix, field).orElseThrow(() -> missing(param(prefix, field)));
    }

    static Optional<JsonNode> number(JsonNode parent, String prefix, String field) {
        JsonNode value = member(parent, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw invalidType(param(prefix, field), "a number");
        }
        return Optional.of(value);
    }

    /** An integer; {@code 100.0} counts, since some clients write every number as a double. */
    static Optional<Long> integer(JsonNode parent, String prefix, String field) {
        JsonNode value = member(parent, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw invalidType(param(prefix, field), "an integer");
        }
        return Optional.of(value.longValue());
    }

    static Optional<Boolean> bool(JsonNode parent, String prefix, String field) {
        JsonNode value = member(parent, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw invalidType(param(prefix, field), "a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    static Optional<ObjectNode> object(JsonNode parent, String prefix, String field) {
        JsonNode value = member(parent, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw invalidType(param(prefix, field), "an object");
        }
        return Optional.of((ObjectNode) value);
    }

    static ObjectNode requiredObject(JsonNode parent, String prefix, String field) {
        return object(parent, prefix, field).orElseThrow(() -> missing(param(prefix, field)));
    }

    static Optional<ArrayNode> array(JsonNode parent, String prefix, String field) {
        JsonNode value = member(parent, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalidType(param(prefix, field), "an array");
        }
        return Optional.of((ArrayNode) value);
    }

    /** An array element that must be an object, like each message or each tool. */
    static ObjectNode element(JsonNode value, String param) {
        if (value == null || !value.isObject()) {
            throw invalidType(param, "an object");
        }
        return (ObjectNode) value;
    }

    static OpenAiRequestException invalidType(String param, String expected) {
        return OpenAiRequestException.badRequest("Invalid type for '" + param + "': expected " + expected + ".", param);
    }

    static OpenAiRequestException missing(String param) {
        return OpenAiRequestException.badRequest("Missing required parameter: '" + param + "'.", param);
    }

    static OpenAiRequestException invalidValue(String param, String value, String expected) {
        // Values can be whole data URIs; the message only needs enough to recognise the value.
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return OpenAiRequestException.badRequest(
                "Invalid value for '" + param + "': '" + shown + "'. Expected " + expected + ".", param);
    }
}
