package io.github.geminibalance.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteNamesTest {

    @ParameterizedTest
    @CsvSource({
            "/v1/chat/completions, /v1/chat/completions",
            "/hf/v1/chat/completions, /hf/v1/chat/completions",
            "/v1/models/gemini-2.5-flash, /v1/models/{model}",
            "/v1beta/models/gemini-2.5-flash:generateContent, /v1beta/models/{model}:generateContent",
            "/gemini/v1beta/models/gemini-2.5-pro:streamGenerateContent, /gemini/v1beta/models/{model}:streamGenerateContent",
            "/v1beta/models/x:somethingNew, /v1beta/models/{model}:{method}",
            "/v1beta/files/abc123, /v1beta/files/{id}",
            "/v1beta/cachedContents/c-9:extend, /v1beta/cachedContents/{id}:{method}",
            "/upload/v1beta/files, /upload/v1beta/files",
            "/v1/a/b/c/d/e/f/g, other",
    })
    void namesThingsByPlaceholders(String path, String template) {
        assertEquals(template, RouteNames.template(path));
    }
}
