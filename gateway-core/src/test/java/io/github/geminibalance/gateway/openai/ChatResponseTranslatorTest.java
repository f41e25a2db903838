package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.openai.GoldenFiles.CREATED;
import static io.github.geminibalance.gateway.openai.GoldenFiles.ID;
import static io.github.geminibalance.gateway.openai.GoldenFiles.JSON;
import static io.github.geminibalance.gateway.openai.GoldenFiles.assertJsonEquals;
import static io.github.geminibalance.gateway.openai.GoldenFiles.config;
import static io.github.geminibalance.gateway.openai.GoldenFiles.expected;
import static io.github.geminibalance.gateway.openai.GoldenFiles.newIdSet;
import static io.github.geminibalance.gateway.openai.GoldenFiles.normaliseToolCallIds;
import static io.github.geminibalance.gateway.openai.GoldenFiles.pretty;
import static io.github.geminibalance.gateway.openai.GoldenFiles.readTree;
import static io.github.geminibalance.gateway.openai.GoldenFiles.request;
import static io.github.geminibalance.gateway.openai.GoldenFiles.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden files under {@code openai/responses}: {@code <case>.gemini.json} is the upstream response,
 * {@code <case>.openai.json} the completion the client gets (tool-call ids normalised, see
 * {@link GoldenFiles}).
 */
class ChatResponseTranslatorTest {

    private static final GatewayConfig DEFAULTS = config(Map.of());
    private static final ChatTranslation FLASH = request("gemini-2.5-flash", ModelFeature.NONE, false, false);

    @Test
    void plainText() {
        check("plain-text");
    }

    @Test
    void oneChoicePerCandidate() {
        check("two-candidates");
    }

    @Test
    void maxTokensIsLength() {
        check("max-tokens");
    }

    @Test
    void safetyIsContentFilter() {
        check("safety");
    }

    @Test
    void blockedPromptIsAnEmptyContentFilteredChoice() {
        check("blocked-prompt");
    }

    @Test
    void functionCall() {
        check("function-call");
    }

    @Test
    void parallelFunctionCallsCarryTheSignatureOfTheirPart() {
        check("function-call-parallel");
    }

    @Test
    void functionCallWithTextAndThoughtSignature() {
        check("function-call-signature");
    }

    @Test
    void thoughtsGoToReasoningContentWhenShown() {
        check("thoughts", "thoughts-shown", DEFAULTS, FLASH);
    }

    @Test
    void thoughtsAreDroppedWhenHidden() {
        check("thoughts", "thoughts-hidden", config(Map.of("SHOW_THINKING_PROCESS", "false")), FLASH);
    }

    @Test
    void codeExecutionIsMarkdown() {
        check("code-execution");
    }

    @Test
    void inlineImageIsADataUrlImage() {
        check("inline-image", "inline-image", DEFAULTS,
                request("gemini-2.0-flash-exp-image", ModelFeature.IMAGE, false, false));
    }

    @Test
    void searchSourcesAreAppendedForSearchModels() {
        check("search-grounding", "search-grounding", DEFAULTS,
                request("gemini-2.5-flash-search", ModelFeature.SEARCH, false, false));
    }

    @Test
    void searchSourcesAreLeftOutWhenSwitchedOff() {
        check("search-grounding", "search-grounding-hidden", config(Map.of("SHOW_SEARCH_LINK", "false")),
                request("gemini-2.5-flash-search", ModelFeature.SEARCH, false, false));
    }

    @Test
    void searchSourcesAreOnlyForSearchModels() {
        check("search-grounding", "search-grounding-hidden", DEFAULTS,
                request("gemini-2.5-flash-search", ModelFeature.NONE, false, false));
    }

    @Test
    void usageWithCachedAndThoughtTokens() {
        check("usage-cached-thoughts");
    }

    @Test
    void malformedFunctionCallIsSurfaced() {
        check("malformed-function-call");
    }

    /** The whole finishReason table of protocols.md §2.7, for a candidate with text and one without. */
    @ParameterizedTest
    @CsvSource({
        "STOP, stop, false",
        "MAX_TOKENS, length, false",
        "SAFETY, content_filter, false",
        "RECITATION, content_filter, false",
        "BLOCKLIST, content_filter, false",
        "PROHIBITED_CONTENT, content_filter, false",
        "SPII, content_filter, false",
        "IMAGE_SAFETY, content_filter, false",
        "IMAGE_PROHIBITED_CONTENT, content_filter, false",
        "IMAGE_RECITATION, content_filter, false",
        "LANGUAGE, content_filter, false",
        "MALFORMED_FUNCTION_CALL, stop, true",
        "UNEXPECTED_TOOL_CALL, stop, true",
        "TOO_MANY_TOOL_CALLS, stop, true",
        "MISSING_THOUGHT_SIGNATURE, stop, true",
        "OTHER, stop, true",
        "FINISH_REASON_UNSPECIFIED, stop, true",
        "NO_IMAGE, stop, true",
        "IMAGE_OTHER, stop, true",
        "MALFORMED_RESPONSE, stop, true",
        "SOME_FUTURE_REASON, stop, true",
    })
    void finishReasonTable(String gemini, String openAi, boolean noticeWhenEmpty) {
        ChatResponseTranslator translator = new ChatResponseTranslator(DEFAULTS, JSON);
        JsonNode withText = readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},"
                + "\"finishReason\":\"" + gemini + "\",\"finishMessage\":\"why\"}]}");
        JsonNode choice = translator.translate(withText, FLASH, ID, CREATED).at("/choices/0");
        assertEquals(openAi, choice.get("finish_reason").asText());
        assertEquals("Hi", choice.at("/message/content").asText(), "text is never replaced");

        JsonNode empty = readTree("{\"candidates\":[{\"finishReason\":\"" + gemini + "\",\"finishMessage\":\"why\"}]}");
        choice = translator.translate(empty, FLASH, ID, CREATED).at("/choices/0");
        assertEquals(openAi, choice.get("finish_reason").asText());
        assertEquals(noticeWhenEmpty ? "[Gemini finishReason: " + gemini + "] why" : "",
                choice.at("/message/content").asText());

        JsonNode call = readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\"}}]},"
                + "\"finishReason\":\"" + gemini + "\"}]}");
        choice = translator.translate(call, FLASH, ID, CREATED).at("/choices/0");
        assertEquals(openAi.equals("stop") ? "tool_calls" : openAi, choice.get("finish_reason").asText());
        assertTrue(choice.at("/message/content").isNull(), "no notice beside a tool call");
    }

    @Test
    void toolCallIdsAreFreshAndRoundTripTheSignature() {
        JsonNode input = readTree(resource("responses/function-call-parallel.gemini.json"));
        ChatResponseTranslator translator = new ChatResponseTranslator(DEFAULTS, JSON);
        JsonNode first = translator.translate(input, FLASH, ID, CREATED).at("/choices/0/message/tool_calls");
        JsonNode second = translator.translate(input, FLASH, ID, CREATED).at("/choices/0/message/tool_calls");
        assertNotEquals(first.get(0).get("id"), second.get(0).get("id"));
        String signature = input.at("/candidates/0/content/parts/0/thoughtSignature").asText();
        assertEquals(signature, ToolCallIds.signatureOf(first.get(0).get("id").asText()).orElseThrow());
        assertTrue(ToolCallIds.signatureOf(first.get(1).get("id").asText()).isEmpty());
    }

    @Test
    void anUploadedImageLinksToItsUrlAndOtherFilesAreLeftOut() {
        JsonNode input = readTree("""
                {"candidates":[{"index":0,"finishReason":"STOP","content":{"role":"model","parts":[
                  {"text":"Here:"},
                  {"fileData":{"mimeType":"image/png","fileUri":"https://img.example/cat.png"}},
                  {"fileData":{"mimeType":"application/pdf","fileUri":"https://files.example/a.pdf"}}]}}]}""");
        ObjectNode out = new ChatResponseTranslator(DEFAULTS, JSON).translate(input, FLASH, ID, CREATED);
        assertEquals("Here:\n\n![image](https://img.example/cat.png)\n\n", out.at("/choices/0/message/content").asText());
    }

    private static void check(String name) {
        check(name, name, DEFAULTS, FLASH);
    }

    private static void check(String input, String expected, GatewayConfig config, ChatTranslation request) {
        JsonNode gemini = readTree(resource("responses/" + input + ".gemini.json"));
        JsonNode actual = normaliseToolCallIds(
                new ChatResponseTranslator(config, JSON).translate(gemini, request, ID, CREATED), newIdSet());
        String path = "responses/" + expected + ".openai.json";
        assertJsonEquals(readTree(expected(path, pretty(actual))), actual, path);
    }
}
