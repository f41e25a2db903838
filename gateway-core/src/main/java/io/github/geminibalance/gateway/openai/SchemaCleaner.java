package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Prepares a client's JSON Schema for Gemini's {@code parametersJsonSchema} and
 * {@code responseJsonSchema}.
 *
 * <p>Those two fields take standard JSON Schema, unlike the older {@code parameters} /
 * {@code responseSchema}, which take an OpenAPI subset and reject every unknown keyword (the
 * {@code Unknown name "additionalProperties"} errors many gateways work around). The original
 * gateway sent {@code parameters} and so stripped {@code anyOf}, {@code oneOf}, {@code allOf},
 * {@code $ref}, {@code const} and more; with {@code parametersJsonSchema} that would only destroy
 * meaning (a union loses its types, and Gemini 3 answers such schemas with malformed calls). So only
 * what describes the document rather than the data goes: {@code $schema} and {@code $comment}
 * (neither is among the keywords Google lists as supported), and OpenAI's {@code strict} flag,
 * which some clients put inside the schema and which is no JSON Schema keyword at all.
 *
 * <p>Keywords are only recognised where a schema stands: names under {@code properties} and
 * values of {@code enum}, {@code const}, {@code default} or {@code examples} are data and stay
 * as they are, even when spelt {@code $comment}.
 */
final class SchemaCleaner {

    private static final Set<String> REMOVED = Set.of("$schema", "$comment", "strict");

    /** Keywords whose value is one schema, or (for {@code items} in old drafts) a list of them. */
    private static final Set<String> SUBSCHEMA = Set.of(
            "items", "additionalItems", "additionalProperties", "not", "contains", "if", "then", "else",
            "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema");

    /** Keywords whose value is a list of schemas. */
    private static final Set<String> SCHEMA_LIST = Set.of("anyOf", "allOf", "oneOf", "prefixItems");

    /** Keywords whose value maps names to schemas. */
    private static final Set<String> SCHEMA_MAP = Set.of(
            "properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

    private SchemaCleaner() {}

    /** A cleaned copy; the client's tree is left as it was. */
    static JsonNode clean(JsonNode schema) {
        if (!schema.isObject()) {
            // Boolean schemas (true / false) and anything odd go as they are; Gemini judges them.
            return schema.deepCopy();
        }
        ObjectNode cleaned = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (REMOVED.contains(keyword)) {
                continue;
            }
            if (SUBSCHEMA.contains(keyword) || SCHEMA_LIST.contains(keyword)) {
                cleaned.set(keyword, value.isArray() ? cleanEach((ArrayNode) value) : clean(value));
            } else if (SCHEMA_MAP.contains(keyword) && value.isObject()) {
                ObjectNode map = cleaned.putObject(keyword);
                value.properties().forEach(entry -> map.set(entry.getKey(), clean(entry.getValue())));
            } else {
                cleaned.set(keyword, value.deepCopy());
            }
        }
        return cleaned;
    }

    /**
     * Whether a function's parameter schema says nothing beyond "no arguments": such a schema is
     * left out of the declaration, the form Gemini documents for parameterless functions.
     */
    static boolean declaresNoParameters(JsonNode schema) {
        if (!schema.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            JsonNode value = field.getValue();
            boolean empty = switch (field.getKey()) {
                case "type" -> value.asText().equals("object");
                case "properties" -> value.isObject() && value.isEmpty();
                case "required" -> value.isArray() && value.isEmpty();
                case "additionalProperties" -> value.isBoolean() && !value.booleanValue();
                case "title", "description" -> true;
                default -> false;
            };
            if (!empty) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode cleanEach(ArrayNode schemas) {
        ArrayNode cleaned = JsonNodeFactory.instance.arrayNode();
        schemas.forEach(schema -> cleaned.add(clean(schema)));
        return cleaned;
    }
}
