package io.github.geminibalance.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.gateway.config.GatewayConfig.SafetySetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code SAFETY_SETTINGS}: a JSON array of {@code {"category": …, "threshold": …}} objects,
 * each checked against the values Gemini accepts, so that a misspelt category fails at startup
 * rather than on every request.
 */
final class SafetySettings {

    private static final String NAME = "SAFETY_SETTINGS";

    private static final List<String> CATEGORIES = List.of(
            "HARM_CATEGORY_HARASSMENT",
            "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT",
            "HARM_CATEGORY_DANGEROUS_CONTENT",
            "HARM_CATEGORY_CIVIC_INTEGRITY");

    private static final List<String> THRESHOLDS = List.of(
            "BLOCK_NONE",
            "BLOCK_ONLY_HIGH",
            "BLOCK_MEDIUM_AND_ABOVE",
            "BLOCK_LOW_AND_ABOVE",
            "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
            "OFF");

    private SafetySettings() {}

    /** The valid entries; each invalid entry is reported as its own error, named by its index. */
    static List<SafetySetting> read(SettingReader in) {
        List<JsonNode> entries = in.jsonArray(NAME, "a JSON array of {\"category\": …, \"threshold\": …} objects")
                .orElse(List.of());
        List<SafetySetting> settings = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            Optional<String> category = member(entry, "category").filter(CATEGORIES::contains);
            Optional<String> threshold = member(entry, "threshold").filter(THRESHOLDS::contains);
            if (category.isPresent() && threshold.isPresent()) {
                settings.add(new SafetySetting(category.get(), threshold.get()));
                continue;
            }
            List<String> expected = new ArrayList<>();
            if (category.isEmpty()) {
                expected.add("a category among " + String.join(", ", CATEGORIES));
            }
            if (threshold.isEmpty()) {
                expected.add("a threshold among " + String.join(", ", THRESHOLDS));
            }
            in.error(NAME + "[" + i + "]", entry.toString(), String.join("; ", expected));
        }
        return settings;
    }

    private static Optional<String> member(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
