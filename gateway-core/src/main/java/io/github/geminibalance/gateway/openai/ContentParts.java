package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's {@code content} as Gemini parts: a string is one text part, an array goes part by part
 * through a {@link PartReader}, which decides the part types that role accepts.
 */
final class ContentParts {

    /** Turns one OpenAI content part into Gemini parts. */
    @FunctionalInterface
    interface PartReader {
        /**
         * @param part the content part, an object
         * @param partParam its param, like {@code messages[2].content[0]}, for error messages
         * @param type its {@code type}, present and a string
         * @param parts where its Gemini parts go
         */
        void read(ObjectNode part, String partParam, String type, List<ObjectNode> parts);
    }

    private ContentParts() {}

    /**
     * @param message the message whose {@code content} is translated
     * @param prefix the message's param, like {@code messages[2]}
     * @param expected what the content may be, for the error when it is neither a string nor an array
     */
    static List<ObjectNode> translate(JsonNode message, String prefix, String expected, PartReader reader) {
        JsonNode content = RequestFields.member(message, "content");
        String contentParam = RequestFields.param(prefix, "content");
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null) {
            return parts;
        }
        if (content.isTextual()) {
            addText(parts, content.asText());
            return parts;
        }
        if (!content.isArray()) {
            throw RequestFields.invalidType(contentParam, expected);
        }
        for (int j = 0; j < content.size(); j++) {
            String partParam = contentParam + "[" + j + "]";
            ObjectNode part = RequestFields.element(content.get(j), partParam);
            reader.read(part, partParam, RequestFields.requiredString(part, partParam, "type"), parts);
        }
        return parts;
    }

    /** Adds a text part; empty text is dropped, since Gemini refuses empty parts. */
    static void addText(List<ObjectNode> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(JsonNodeFactory.instance.objectNode().put("text", text));
        }
    }
}
