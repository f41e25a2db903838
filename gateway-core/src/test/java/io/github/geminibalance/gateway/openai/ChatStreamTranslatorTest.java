package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.openai.GoldenFiles.CREATED;
import static io.github.geminibalance.gateway.openai.GoldenFiles.ID;
import static io.github.geminibalance.gateway.openai.GoldenFiles.JSON;
import static io.github.geminibalance.gateway.openai.GoldenFiles.assertJsonEquals;
import static io.github.geminibalance.gateway.openai.GoldenFiles.config;
import static io.github.geminibalance.gateway.openai.GoldenFiles.expected;
import static io.github.geminibalance.gateway.openai.GoldenFiles.newIdSet;
import static io.github.geminibalance.gateway.openai.GoldenFiles.normaliseToolCallIds;
import static io.github.geminibalance.gateway.openai.GoldenFiles.readTree;
import static io.github.geminibalance.gateway.openai.GoldenFiles.request;
import static io.github.geminibalance.gateway.openai.GoldenFiles.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Golden files under {@code openai/streams}: {@code <case>.gemini-events.jsonl} holds the upstream
 * events, one per line; {@code <case>.openai-events.jsonl} the exact payload sequence the client
 * gets, one {@code data:} payload per line (tool-call ids normalised, see {@link GoldenFiles}).
 * Every sequence is also checked against the rules of protocols.md §3.1.
 */
class ChatStreamTranslatorTest {

    private static final GatewayConfig DEFAULTS = config(Map.of());
    private static final ChatTranslation FLASH = request("gemini-2.5-flash", ModelFeature.NONE, true, false);
    private static final ChatTranslation FLASH_USAGE = request("gemini-2.5-flash", ModelFeature.NONE, true, true);
    private static final Function<ChatStreamTranslator, List<String>> END = ChatStreamTranslator::onEnd;

    @Test
    void textStreaming() {
        check("text", "text", DEFAULTS, FLASH, END);
    }

    @Test
    void textStreamingWithIncludeUsage() {
        check("text", "text-usage", DEFAULTS, FLASH_USAGE, END);
    }

    @Test
    void toolCallStreaming() {
        check("tool-call", "tool-call", DEFAULTS, FLASH_USAGE, END);
    }

    @Test
    void thoughtsStreamAsReasoningContent() {
        check("thoughts", "thoughts-shown", DEFAULTS, FLASH, END);
    }

    @Test
    void hiddenThoughtsAreNotStreamed() {
        check("thoughts", "thoughts-hidden", config(Map.of("SHOW_THINKING_PROCESS", "false")), FLASH, END);
    }

    @Test
    void blockedPromptFinishesWithContentFilter() {
        check("blocked-prompt", "blocked-prompt", DEFAULTS, FLASH_USAGE, END);
    }

    @Test
    void safetyMidStreamFinishesWithContentFilter() {
        check("safety-mid-stream", "safety-mid-stream", DEFAULTS, FLASH, END);
    }

    @Test
    void streamEndingWithoutFinishReasonStops() {
        check("no-finish-reason", "no-finish-reason", DEFAULTS, FLASH_USAGE, END);
    }

    @Test
    void brokenStreamEndsWithAnErrorPayload() {
        check("broken-stream", "broken-stream", DEFAULTS, FLASH_USAGE,
                translator -> translator.onBrokenStream("Upstream connection closed before the response ended"));
    }

    @Test
    void upstreamErrorEventEndsTheStream() {
        check("upstream-error-event", "upstream-error-event", DEFAULTS, FLASH, END);
    }

    @Test
    void twoCandidatesStreamAsTwoChoices() {
        check("two-candidates", "two-candidates", DEFAULTS, FLASH_USAGE, END);
    }

    @Test
    void searchSourcesComeOnceBeforeTheFinishChunk() {
        check("search", "search", DEFAULTS, request("gemini-2.5-flash-search", ModelFeature.SEARCH, true, false), END);
    }

    @Test
    void malformedFunctionCallIsSurfaced() {
        check("malformed-function-call", "malformed-function-call", DEFAULTS, FLASH, END);
    }

    @Test
    void nothingAfterTheEnd() {
        ChatStreamTranslator translator = new ChatStreamTranslator(DEFAULTS, JSON, FLASH, ID, CREATED);
        translator.onEnd();
        assertTrue(translator.isClosed());
        assertEquals(List.of(), translator.onEvent(readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]}}]}")));
        assertEquals(List.of(), translator.onEnd());
        assertEquals(List.of(), translator.onBrokenStream("late"));
    }

    @Test
    void optimizerSplitsTheTextIntoPacedChunks() {
        StreamOptimizer optimizer = new StreamOptimizer(DEFAULTS.streamOptimizer());
        ChatStreamTranslator translator = new ChatStreamTranslator(DEFAULTS, JSON, FLASH, ID, CREATED);
        JsonNode first = readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi!\"},"
                + "{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]},\"index\":0}]}");
        List<ChatStreamTranslator.PacedPayload> paced = translator.onEvent(first, optimizer);
        assertEquals(4, paced.size());
        JsonNode head = readTree(paced.get(0).data()).at("/choices/0/delta");
        assertEquals("assistant", head.get("role").asText());
        assertEquals("", head.get("content").asText());
        assertEquals("f", head.at("/tool_calls/0/function/name").asText());
        assertEquals(Duration.ZERO, paced.get(0).delayAfter());
        StringBuilder text = new StringBuilder();
        for (ChatStreamTranslator.PacedPayload piece : paced.subList(1, 4)) {
            JsonNode delta = readTree(piece.data()).at("/choices/0/delta");
            assertEquals(Set.of("content"), fieldNames(delta));
            text.append(delta.get("content").asText());
            assertEquals(DEFAULTS.streamOptimizer().maxDelay(), piece.delayAfter());
        }
        assertEquals("Hi!", text.toString());

        List<String> unpaced = translator.onEvent(readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"more\"}]},\"index\":0}]}"));
        assertEquals(1, unpaced.size());
        assertEquals("more", readTree(unpaced.get(0)).at("/choices/0/delta/content").asText());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void check(String input, String expected, GatewayConfig config, ChatTranslation request,
            Function<ChatStreamTranslator, List<String>> end) {
        ChatStreamTranslator translator = new ChatStreamTranslator(config, JSON, request, ID, CREATED);
        List<String> payloads = new ArrayList<>();
        for (String line : resource("streams/" + input + ".gemini-events.jsonl").split("\n")) {
            if (!line.isBlank()) {
                payloads.addAll(translator.onEvent(readTree(line)));
            }
        }
        payloads.addAll(end.apply(translator));
        assertTrue(translator.isClosed());
        checkRules(payloads, request.includeUsage());

        Set<String> ids = newIdSet();
        List<String> actual = new ArrayList<>();
        for (String payload : payloads) {
            actual.add(payload.equals("[DONE]") ? payload : normaliseToolCallIds(readTree(payload), ids).toString());
        }
        String path = "streams/" + expected + ".openai-events.jsonl";
        List<String> wanted = List.of(expected(path, String.join("\n", actual) + "\n").split("\n"));
        assertEquals(wanted.size(), actual.size(), () -> path + ": payload count\n" + String.join("\n", actual));
        for (int i = 0; i < wanted.size(); i++) {
            if (wanted.get(i).equals("[DONE]") || actual.get(i).equals("[DONE]")) {
                assertEquals(wanted.get(i), actual.get(i), path + " payload " + i);
            } else {
                assertJsonEquals(readTree(wanted.get(i)), readTree(actual.get(i)), path + " payload " + i);
            }
        }
    }

    /** The rules of protocols.md §3.1 that hold for every stream. */
    private static void checkRules(List<String> payloads, boolean includeUsage) {
        assertEquals("[DONE]", payloads.get(payloads.size() - 1), "the stream ends with [DONE]");
        Map<Integer, Integer> roles = new HashMap<>();
        Map<Integer, Integer> finishes = new HashMap<>();
        Map<Integer, Integer> toolIndexes = new HashMap<>();
        boolean error = false;
        boolean usageChunk = false;
        for (String payload : payloads.subList(0, payloads.size() - 1)) {
            JsonNode chunk = readTree(payload);
            if (chunk.has("error")) {
                error = true;
                assertEquals(Set.of("message", "type", "param", "code"), fieldNames(chunk.get("error")));
                continue;
            }
            assertFalse(error || usageChunk, "nothing but [DONE] after the error or usage chunk");
            assertEquals(ID, chunk.get("id").asText());
            assertEquals(CREATED, chunk.get("created").asLong());
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            if (chunk.get("choices").isEmpty()) {
                assertTrue(includeUsage, "a usage chunk only with include_usage");
                assertTrue(chunk.get("usage").isObject());
                usageChunk = true;
                continue;
            }
            assertEquals(includeUsage, chunk.has("usage"), "usage: null on every other chunk with include_usage");
            if (includeUsage) {
                assertTrue(chunk.get("usage").isNull());
            }
            for (JsonNode choice : chunk.get("choices")) {
                int index = choice.get("index").asInt();
                JsonNode delta = choice.get("delta");
                assertTrue(choice.get("logprobs").isNull());
                assertFalse(finishes.containsKey(index), "nothing after the finish chunk of choice " + index);
                if (delta.has("role")) {
                    assertFalse(roles.containsKey(index), "role once per choice");
                    roles.put(index, 1);
                } else {
                    assertTrue(roles.containsKey(index), "the first delta of choice " + index + " has the role");
                }
                if (!choice.get("finish_reason").isNull()) {
                    assertEquals(0, delta.size(), "the finish chunk has an empty delta");
                    finishes.put(index, 1);
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    int expectedIndex = toolIndexes.merge(index, 1, Integer::sum) - 1;
                    assertEquals(expectedIndex, call.get("index").asInt(), "tool call indexes count up from 0");
                    assertEquals(Set.of("index", "id", "type", "function"), fieldNames(call));
                }
            }
        }
        if (!error) {
            assertEquals(roles.keySet(), finishes.keySet(), "exactly one finish chunk per choice");
            assertEquals(includeUsage, usageChunk, "usage chunk exactly with include_usage");
        }
    }
}
