package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.RawEvents;
import io.github.geminibalance.gateway.TestGateways;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed chat completions on the wire: the exact SSE bytes the gateway writes (protocols.md
 * §3.1), a stream the upstream breaks off, the stream optimizer, and LangChain4j's streaming
 * client. The upstream writes its events with pauses, as Google does.
 */
class OpenAiStreamingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_STREAM_PATH = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeUpstream upstream;
    private Gateway gateway;

    @BeforeEach
    void startUpstream() {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
        upstream.close();
    }

    @Test
    void sseFramingIsExactAndEachEventIsFlushedAsItArrives() throws Exception {
        start(Map.of());
        CountDownLatch clientHasFirstEvent = new CountDownLatch(1);
        List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        upstream.script(call -> {
            paths.add(call.path());
            call.status(200, "text/event-stream");
            call.send("data: " + geminiText("Hel", null, "{\"promptTokenCount\":5,\"totalTokenCount\":5}") + "\r\n\r\n");
            if (!clientHasFirstEvent.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first event never reached the client");
            }
            call.send("data: " + geminiText("lo, wor", null,
                    "{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7}") + "\r\n\r\n");
            Thread.sleep(20);
            call.send("data: " + geminiText("ld!", "STOP",
                    "{\"promptTokenCount\":5,\"candidatesTokenCount\":4,\"totalTokenCount\":9}") + "\r\n\r\n");
        });

        HttpResponse<InputStream> response = openStream(false);

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        List<String> events = new ArrayList<>();
        try (InputStream body = response.body()) {
            events.add(RawEvents.readEvent(body));
            clientHasFirstEvent.countDown(); // only now does the upstream send the rest
            for (String event = RawEvents.readEvent(body); event != null; event = RawEvents.readEvent(body)) {
                events.add(event);
            }
        }
        Envelope first = Envelope.of(events.get(0));
        assertEquals(List.of(
                first.event("{\"role\":\"assistant\",\"content\":\"Hel\"}", null, false),
                first.event("{\"content\":\"lo, wor\"}", null, false),
                first.event("{\"content\":\"ld!\"}", null, false),
                first.event("{}", "stop", false),
                "data: [DONE]\n\n"), events);
        assertEquals(List.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent"), paths);
        assertEquals(1, upstream.requests());
    }

    @Test
    void includeUsageAddsNullUsageEverywhereAndAUsageChunkBeforeDone() throws Exception {
        start(Map.of());
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: " + geminiText("Hi", null, "{\"promptTokenCount\":5,\"totalTokenCount\":5}") + "\r\n\r\n");
            Thread.sleep(20);
            call.send("data: " + geminiText(" there", "STOP", "{\"promptTokenCount\":5,\"cachedContentTokenCount\":2,"
                    + "\"candidatesTokenCount\":3,\"thoughtsTokenCount\":4,\"totalTokenCount\":12}") + "\r\n\r\n");
        });

        HttpResponse<String> response = http.send(post(true).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        Envelope first = Envelope.of(response.body());
        String usage = "{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":2},\"completion_tokens_details\":{\"reasoning_tokens\":4}}";
        assertEquals(first.event("{\"role\":\"assistant\",\"content\":\"Hi\"}", null, true)
                + first.event("{\"content\":\" there\"}", null, true)
                + first.event("{}", "stop", true)
                + "data: " + first.prefix() + "\"choices\":[],\"usage\":" + usage + "}\n\n"
                + "data: [DONE]\n\n", response.body());
    }

    @Test
    void upstreamBreakingOffAfterTheFirstEventEndsWithAnErrorEventAndDone() throws Exception {
        start(Map.of());
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: " + geminiText("The first part", null, null) + "\r\n\r\n");
            Thread.sleep(100);
            call.cut();
        });

        HttpResponse<InputStream> response = openStream(false);

        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            String content = RawEvents.readEvent(body);
            Envelope first = Envelope.of(content);
            assertEquals(first.event("{\"role\":\"assistant\",\"content\":\"The first part\"}", null, false), content);
            String error = RawEvents.readEvent(body);
            assertTrue(error.startsWith("data: {\"error\":") && error.endsWith("}\n\n"), error);
            JsonNode payload = JSON.readTree(error.substring("data: ".length())).get("error");
            assertEquals("server_error", payload.get("type").asText());
            assertEquals("upstream_stream_broken", payload.get("code").asText());
            assertTrue(payload.get("param").isNull());
            assertFalse(payload.get("message").asText().isBlank());
            assertEquals("data: [DONE]\n\n", RawEvents.readEvent(body));
            assertNull(RawEvents.readEvent(body), "nothing after [DONE]");
        }
        assertEquals(1, upstream.requests(), "no second attempt once the client has seen an event");
    }

    @Test
    void streamOptimizerSplitsALongDeltaIntoPiecesThatAddUpToIt() throws Exception {
        start(Map.of("STREAM_OPTIMIZER_ENABLED", "true", "STREAM_MIN_DELAY", "0.001", "STREAM_MAX_DELAY", "0.002",
                "STREAM_CHUNK_SIZE", "5"));
        String text = "The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun.";
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: " + geminiText(text, "STOP", "{\"promptTokenCount\":3,\"candidatesTokenCount\":17,"
                    + "\"totalTokenCount\":20}") + "\r\n\r\n");
        });

        HttpResponse<String> response = http.send(post(false).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        List<JsonNode> chunks = new ArrayList<>();
        String[] events = response.body().split("\n\n");
        assertEquals("data: [DONE]", events[events.length - 1]);
        for (int i = 0; i < events.length - 1; i++) {
            assertTrue(events[i].startsWith("data: {"), events[i]);
            chunks.add(JSON.readTree(events[i].substring("data: ".length())));
        }
        StringBuilder joined = new StringBuilder();
        int contentChunks = 0;
        int finishes = 0;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode choice = chunks.get(i).at("/choices/0");
            assertEquals(i == 0, choice.at("/delta/role").isTextual(), "role only in the first chunk");
            String piece = choice.at("/delta/content").asText("");
            if (!piece.isEmpty()) {
                contentChunks++;
                assertTrue(piece.length() <= 5, "pieces of at most STREAM_CHUNK_SIZE: '" + piece + "'");
            }
            joined.append(piece);
            if (!choice.get("finish_reason").isNull()) {
                finishes++;
                assertEquals("stop", choice.get("finish_reason").asText());
            }
        }
        assertEquals(text, joined.toString());
        assertEquals((text.length() + 4) / 5, contentChunks, "the one upstream delta became many chunks");
        assertEquals(1, finishes);
    }

    @Test
    void langChain4jStreamsTheReplyAndCompletesWithTheWholeAnswer() throws Exception {
        start(Map.of());
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: " + geminiText("Hello", null, "{\"promptTokenCount\":4,\"totalTokenCount\":4}") + "\r\n\r\n");
            Thread.sleep(20);
            call.send("data: " + geminiText(", LangChain", null, null) + "\r\n\r\n");
            Thread.sleep(20);
            call.send("data: " + geminiText("4j!", "STOP",
                    "{\"promptTokenCount\":4,\"candidatesTokenCount\":6,\"totalTokenCount\":10}") + "\r\n\r\n");
        });
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(CLIENT_TOKEN)
                .modelName("gemini-2.5-flash")
                .timeout(Duration.ofSeconds(10))
                .build();
        StringBuffer partials = new StringBuffer();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        model.chat("Say hello", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });

        ChatResponse response = done.get(15, TimeUnit.SECONDS);
        assertEquals("Hello, LangChain4j!", response.aiMessage().text());
        assertEquals("Hello, LangChain4j!", partials.toString());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals(4, response.tokenUsage().inputTokenCount(), "LangChain4j asks for usage and gets it");
        assertEquals(6, response.tokenUsage().outputTokenCount());
        assertEquals(1, upstream.requests());
    }

    // ---------------------------------------------------------------- helpers

    private void start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("TIME_OUT", "3"));
        all.putAll(settings);
        gateway = TestGateways.start(upstream.baseUrl(), all);
    }

    private HttpResponse<InputStream> openStream(boolean includeUsage) throws Exception {
        return http.send(post(includeUsage).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder post(boolean includeUsage) {
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true"
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** One Gemini stream event with one text part; {@code finishReason} and {@code usage} may be null. */
    private static String geminiText(String text, String finishReason, String usage) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + (finishReason == null ? "" : "\"finishReason\":\"" + finishReason + "\",")
                + "\"index\":0}]" + (usage == null ? "" : ",\"usageMetadata\":" + usage)
                + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}";
    }

    /** What every chunk of one stream shares: its id and creation time, taken from the first event. */
    private record Envelope(String id, long created) {

        static Envelope of(String firstEvent) throws IOException {
            assertTrue(firstEvent.startsWith("data: "), firstEvent);
            String json = firstEvent.substring("data: ".length(), firstEvent.indexOf("\n\n"));
            JsonNode chunk = JSON.readTree(json);
            assertTrue(chunk.get("id").asText().startsWith("chatcmpl-"), json);
            return new Envelope(chunk.get("id").asText(), chunk.get("created").asLong());
        }

        String prefix() {
            return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                    + ",\"model\":\"gemini-2.5-flash\",\"system_fingerprint\":null,";
        }

        /** The exact bytes of one chunk event of choice 0. */
        String event(String delta, String finishReason, boolean includeUsage) {
            return "data: " + prefix() + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,"
                    + "\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]"
                    + (includeUsage ? ",\"usage\":null" : "") + "}\n\n";
        }
    }
}
