package io.github.geminibalance.gateway.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.config.GatewayConfig.ModelsConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ModelAction} and {@link ResolvedModel}: how model names in paths are read. */
class ModelNamesTest {

    private static final ModelsConfig MODELS = new ModelsConfig(
            List.of("gemini-2.5-flash"), List.of("gemini-2.0-flash-exp"), List.of("gemini-2.5-pro"),
            List.of("gemini-pro-vision"), "imagen-3.0-generate-002");

    @Test
    void splitsModelAndMethod() {
        assertEquals(Optional.of(new ModelAction("gemini-2.5-pro", "streamGenerateContent")),
                ModelAction.parse("gemini-2.5-pro:streamGenerateContent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", ":generateContent", "gemini:", "../x:generateContent", "a/b:generateContent",
            "gemini\r\nX-Injected: 1:generateContent", "gemini:generate-content", ".hidden:countTokens", "a..b:countTokens"})
    void refusesMalformedSegments(String segment) {
        assertEquals(Optional.empty(), ModelAction.parse(segment));
    }

    @Test
    void suffixesAreFeaturesOnlyForConfiguredBases() {
        assertEquals(new ResolvedModel("gemini-2.5-flash-search", "gemini-2.5-flash", ModelFeature.SEARCH),
                ResolvedModel.resolve("gemini-2.5-flash-search", MODELS));
        assertEquals(new ResolvedModel("gemini-2.0-flash-exp-image", "gemini-2.0-flash-exp", ModelFeature.IMAGE),
                ResolvedModel.resolve("models/gemini-2.0-flash-exp-image", MODELS));
        assertEquals(new ResolvedModel("gemini-2.5-pro-non-thinking", "gemini-2.5-pro", ModelFeature.NON_THINKING),
                ResolvedModel.resolve("gemini-2.5-pro-non-thinking", MODELS));
        // A real model id that happens to end like a suffix goes upstream as it is.
        assertEquals(new ResolvedModel("gemini-2.5-flash-image", "gemini-2.5-flash-image", ModelFeature.NONE),
                ResolvedModel.resolve("gemini-2.5-flash-image", MODELS));
    }

    @Test
    void filteredModelsAreRefusedWithOrWithoutSuffix() {
        var refused = assertThrows(ResolvedModel.UnsupportedModelException.class,
                () -> ResolvedModel.resolve("gemini-pro-vision", MODELS));
        assertTrue(refused.getMessage().contains("gemini-pro-vision"));
    }
}
