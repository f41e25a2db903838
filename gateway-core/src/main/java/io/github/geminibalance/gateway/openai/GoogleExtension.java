package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code google} extension of Google's own OpenAI-compatible endpoint: Gemini options an
 * OpenAI request cannot otherwise express. Python's {@code extra_body=} puts it at the top level;
 * openai-node sends {@code extra_body} itself, so {@code extra_body.google} is read too (last, so
 * it wins). Keys in either spelling:
 *
 * <ul>
 *   <li>{@code thinking_config} → {@code generationConfig.thinkingConfig}, its keys in camel case.
 *       It is merged over what {@code reasoning_effort} asked for; when it sets a budget or a
 *       level, that replaces both of {@code reasoning_effort}'s, since Gemini refuses a request
 *       with a budget and a level.
 *   <li>{@code cached_content} → {@code cachedContent}.
 *   <li>{@code safety_settings} → {@code safetySettings} (the operator's defaults then stay out).
 * </ul>
 *
 * Other keys are ignored, as unknown top-level fields are.
 */
final class GoogleExtension {

    private GoogleExtension() {}

    static void apply(JsonNode body, ObjectNode request, ObjectNode generationConfig) {
        RequestFields.object(body, "", "google").ifPresent(google -> merge(google, "google", request, generationConfig));
        RequestFields.object(body, "", "extra_body")
                .flatMap(extra -> RequestFields.object(extra, "extra_body", "google"))
                .ifPresent(google -> merge(google, "extra_body.google", request, generationConfig));
    }

    private static void merge(ObjectNode google, String prefix, ObjectNode request, ObjectNode generationConfig) {
        either(google, "thinking_config", "thinkingConfig")
                .map(field -> RequestFields.requiredObject(google, prefix, field))
                .ifPresent(thinking -> mergeThinking(thinking, generationConfig));
        either(google, "cached_content", "cachedContent")
                .map(field -> RequestFields.requiredString(google, prefix, field))
                .ifPresent(name -> request.put("cachedContent", name));
        either(google, "safety_settings", "safetySettings")
                .map(field -> RequestFields.array(google, prefix, field).orElseThrow())
                .ifPresent(settings -> request.set("safetySettings", settings.deepCopy()));
    }

    private static void mergeThinking(ObjectNode thinking, ObjectNode generationConfig) {
        ObjectNode target = generationConfig.withObjectProperty("thinkingConfig");
        ObjectNode given = target.objectNode();
        for (Map.Entry<String, JsonNode> field : thinking.properties()) {
            given.set(camelCase(field.getKey()), field.getValue().deepCopy());
        }
        if (given.has("thinkingBudget") || given.has("thinkingLevel")) {
            target.remove("thinkingBudget");
            target.remove("thinkingLevel");
        }
        target.setAll(given);
    }

    /** The spelling the client used, when the field is set (not null). */
    private static Optional<String> either(ObjectNode google, String snake, String camel) {
        if (RequestFields.member(google, snake) != null) {
            return Optional.of(snake);
        }
        return RequestFields.member(google, camel) != null ? Optional.of(camel) : Optional.empty();
    }

    private static String camelCase(String name) {
        StringBuilder camel = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
