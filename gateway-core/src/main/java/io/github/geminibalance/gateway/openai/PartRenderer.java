package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the parts of one Gemini candidate (a whole response's, or one stream event's) as what an
 * OpenAI message carries: text for {@code content}, thoughts for {@code reasoning_content}, and
 * tool calls. Shared by the plain and the streamed translation, so both render alike.
 *
 * <ul>
 *   <li>{@code text} without {@code thought:true} → content, concatenated in order.
 *   <li>{@code text} with {@code thought:true} → reasoning, only with {@code SHOW_THINKING_PROCESS};
 *       never content.
 *   <li>{@code functionCall} → a tool call. Its id is always made by {@link ToolCallIds} and carries
 *       the part's {@code thoughtSignature}, even when Gemini supplied {@code functionCall.id}: the
 *       id is the only field every OpenAI client sends back, and it must bring the signature with
 *       it (protocols.md §2.8). Arguments are the compact JSON of {@code args}, {@code "{}"} when
 *       absent.
 *   <li>{@code executableCode} / {@code codeExecutionResult} → markdown in the content: the code in a
 *       fenced block tagged with its language in lower case, then the outcome and the output.
 *   <li>{@code inlineData} (images from the {@code -image} models) → a markdown image whose link is
 *       a data URL; {@code fileData} of an image type (such an image once uploaded to the image
 *       host, see {@link AnswerImages}) → a markdown image linking to it; both set off by blank lines.
 *   <li>Anything else (thought signatures on text parts, thought images, other files…) has no
 *       OpenAI form and is left out.
 * </ul>
 */
final class PartRenderer {

    private final boolean showThinking;
    private final ObjectMapper json;

    PartRenderer(boolean showThinking, ObjectMapper json) {
        this.showThinking = showThinking;
        this.json = json;
    }

    /** One tool call, ready for OpenAI. */
    record ToolCall(String id, String name, String arguments) {

        /**
         * The OpenAI {@code tool_calls} entry; {@code index} is set for a stream delta and
         * {@code null} for a complete message.
         */
        ObjectNode toJson(ObjectNode target, Integer index) {
            if (index != null) {
                target.put("index", index);
            }
            target.put("id", id);
            target.put("type", "function");
            ObjectNode function = target.putObject("function");
            function.put("name", name);
            function.put("arguments", arguments);
            return target;
        }
    }

    /** What the parts amount to; {@code text} and {@code reasoning} are empty when there is none. */
    record Rendered(String text, String reasoning, List<ToolCall> toolCalls) {

        boolean isEmpty() {
            return text.isEmpty() && reasoning.isEmpty() && toolCalls.isEmpty();
        }
    }

    Rendered render(JsonNode parts) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode part : parts) {
            boolean thought = part.path("thought").asBoolean(false);
            if (part.hasNonNull("functionCall")) {
                toolCalls.add(toolCall(part));
            } else if (thought) {
                if (showThinking && part.path("text").isTextual()) {
                    reasoning.append(part.get("text").asText());
                }
            } else if (part.path("text").isTextual()) {
                text.append(part.get("text").asText());
            } else if (part.hasNonNull("executableCode")) {
                text.append(code(part.get("executableCode")));
            } else if (part.hasNonNull("codeExecutionResult")) {
                text.append(codeResult(part.get("codeExecutionResult")));
            } else if (part.hasNonNull("inlineData")) {
                JsonNode inline = part.get("inlineData");
                String data = inline.path("data").asText("");
                if (!data.isEmpty()) {
                    image(text, "data:" + inline.path("mimeType").asText("image/png") + ";base64," + data);
                }
            } else if (part.path("fileData").path("mimeType").asText("").startsWith("image/")) {
                image(text, part.get("fileData").path("fileUri").asText(""));
            }
        }
        return new Rendered(text.toString(), reasoning.toString(), List.copyOf(toolCalls));
    }

    private static void image(StringBuilder text, String link) {
        text.append("\n\n![image](").append(link).append(")\n\n");
    }

    private ToolCall toolCall(JsonNode part) {
        JsonNode call = part.get("functionCall");
        JsonNode args = call.get("args");
        String arguments;
        if (args == null || args.isNull() || args.isMissingNode()) {
            arguments = "{}";
        } else {
            try {
                arguments = json.writeValueAsString(args);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        String signature = part.path("thoughtSignature").asText(null);
        return new ToolCall(ToolCallIds.newId(signature), call.path("name").asText(""), arguments);
    }

    /** {@code executableCode}: the code, fenced and tagged with its language. */
    static String code(JsonNode executableCode) {
        String language = executableCode.path("language").asText("");
        language = language.isEmpty() || language.equals("LANGUAGE_UNSPECIFIED") ? "" : language.toLowerCase(Locale.ROOT);
        return "\n\n---\n\n**Code execution**\n```" + language + "\n"
                + stripTrailingNewlines(executableCode.path("code").asText("")) + "\n```\n";
    }

    /** {@code codeExecutionResult}: the outcome, then the output (when there is one) fenced. */
    static String codeResult(JsonNode result) {
        StringBuilder out = new StringBuilder("\n**Execution result**\n> outcome: ")
                .append(result.path("outcome").asText("OUTCOME_UNSPECIFIED")).append("\n");
        String output = stripTrailingNewlines(result.path("output").asText(""));
        if (!output.isEmpty()) {
            out.append("\n**Output**\n```plaintext\n").append(output).append("\n```\n");
        }
        return out.append("\n---\n\n").toString();
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
