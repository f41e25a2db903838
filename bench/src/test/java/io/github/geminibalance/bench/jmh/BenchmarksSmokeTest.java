package io.github.geminibalance.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Calls every benchmark method once, after the same {@code @Setup}, and checks that it computes
 * what it claims to: a benchmark of broken work measures nothing. Nothing here is timed.
 */
class BenchmarksSmokeTest {

    private static final ObjectMapper JSON = Json.newMapper();

    @Test
    void chatRequestTranslation() {
        ChatRequestTranslationBenchmark benchmark = new ChatRequestTranslationBenchmark();
        benchmark.setUp();

        JsonNode gemini = read(benchmark.parseTranslateSerialize());
        assertEquals(3, gemini.path("contents").size(), "user, model, user");
        assertTrue(gemini.has("systemInstruction"));
        assertEquals("get_weather", gemini.at("/tools/0/functionDeclarations/0/name").asText());
        assertEquals(1024, gemini.at("/generationConfig/maxOutputTokens").asInt());

        JsonNode same = read(benchmark.jacksonRoundTrip());
        assertEquals(read(Payloads.CHAT_REQUEST), same);
    }

    @Test
    void chatResponseTranslation() {
        ChatResponseTranslationBenchmark benchmark = new ChatResponseTranslationBenchmark();
        benchmark.setUp();

        JsonNode completion = read(benchmark.parseTranslateSerialize());
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals(1, completion.path("choices").size());
        assertTrue(completion.at("/choices/0/message/content").asText().startsWith("Tuesday in Lisbon"));
        assertEquals("stop", completion.at("/choices/0/finish_reason").asText());
        assertEquals(176, completion.at("/usage/total_tokens").asInt());

        assertEquals(read(Payloads.GEMINI_ANSWER), read(benchmark.jacksonRoundTrip()));
    }

    @Test
    void chatStreamTranslation() {
        ChatStreamTranslationBenchmark benchmark = new ChatStreamTranslationBenchmark();
        benchmark.setUp();

        List<String> payloads = benchmark.translateStream();
        assertEquals(Payloads.STREAM_CHUNKS + 3, payloads.size(), "a chunk per event, finish, usage, [DONE]");
        assertEquals("assistant", read(payloads.get(0)).at("/choices/0/delta/role").asText());
        assertEquals("stop", read(payloads.get(Payloads.STREAM_CHUNKS)).at("/choices/0/finish_reason").asText());
        assertTrue(read(payloads.get(Payloads.STREAM_CHUNKS + 1)).at("/usage/total_tokens").asInt() > 0);
        assertEquals("[DONE]", payloads.get(payloads.size() - 1));
        assertEquals(payloads, benchmark.translateStream(), "each operation is a fresh stream");
    }

    @Test
    void sseParsing() {
        SseParsingBenchmark benchmark = new SseParsingBenchmark();
        benchmark.setUp();

        List<SseEvent> events = benchmark.parse();
        assertEquals(Payloads.STREAM_CHUNKS, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(Payloads.streamChunk(i), events.get(i).data());
        }
        assertTrue(Payloads.sseStream().length > SseParsingBenchmark.SLICE_BYTES, "fed in more than one slice");

        assertEquals(Payloads.STREAM_CHUNKS, benchmark.scanDelimiters());
    }

    @Test
    void keySelection() {
        KeySelectionBenchmark benchmark = new KeySelectionBenchmark();
        benchmark.setUp();

        Set<ApiKey> selected = new HashSet<>();
        for (int i = 0; i < KeySelectionBenchmark.KEYS; i++) {
            selected.add(benchmark.acquireAndReport());
        }
        assertEquals(KeySelectionBenchmark.KEYS, selected.size(), "round robin reaches every key once");
        ApiKey next = benchmark.acquireAndReportTwoThreads();
        assertNotNull(next);
        assertFalse(next.value().isEmpty());
    }

    private static JsonNode read(byte[] json) {
        return Json.read(JSON, json);
    }

    private static JsonNode read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void observation() throws Exception {
        ObservationBenchmark benchmark = new ObservationBenchmark();
        benchmark.setUp();
        try {
            assertEquals("/v1beta/models/{model}:generateContent", benchmark.records().route());
            benchmark.recordsCounted();
            benchmark.recordsCounted();
            String scrape = benchmark.scrape();
            assertTrue(scrape.contains("gemini_balance_requests_total{model=\"gemini-2.5-flash\","
                    + "route=\"/v1beta/models/{model}:generateContent\",status=\"200\"} 2.0"), scrape);
            assertTrue(scrape.contains("gemini_balance_upstream_attempts_total{outcome=\"success\"} 2.0"), scrape);

            assertEquals(ObservationBenchmark.BATCH, benchmark.logBatchWritten());
            assertEquals(ObservationBenchmark.BATCH, benchmark.loggedRows());
        } finally {
            benchmark.tearDown();
        }
    }
}
