package io.github.geminibalance.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.TestGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fake upstream speaks Gemini well enough for the gateway to serve both its protocols from
 * it, and the stream driver counts what it sees: the benchmarks measure real work, not errors.
 */
class FakeGeminiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeGemini fake;
    private static Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fake = new FakeGemini("127.0.0.1", 0, 3, 1).start();
        gateway = TestGateways.start("http://127.0.0.1:" + fake.port() + "/v1beta", Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.shutdown(Duration.ofSeconds(1));
        fake.close();
    }

    @Test
    void theGatewayAnswersOpenAiChatFromTheFake() throws Exception {
        HttpResponse<String> answer = post("/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode chat = JSON.readTree(answer.body());
        assertTrue(chat.at("/choices/0/message/content").asText().startsWith("Benchmarks measure"), answer.body());
        assertEquals(60, chat.at("/usage/total_tokens").asInt());
    }

    @Test
    void aStreamHasTheRequestedNumberOfEvents() throws Exception {
        HttpResponse<String> answer = post("/v1beta/models/bench-e5-g1:streamGenerateContent?alt=sse",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}");

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(5, answer.body().split("\n\n").length, answer.body());
        assertTrue(answer.body().contains("\"finishReason\":\"STOP\""));
    }

    @Test
    void anInvalidKeyIsRefusedAsGoogleRefusesIt() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + fake.port() + "/v1beta/models/gemini-2.5-flash"))
                .header("x-goog-api-key", "dead-key-1").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, answer.statusCode());
        assertEquals("API_KEY_INVALID", JSON.readTree(answer.body()).at("/error/details/0/reason").asText());
    }

    @Test
    void theStreamDriverCountsEveryStreamThroughTheGateway() throws Exception {
        StreamLoad load = new StreamLoad();
        try {
            StreamLoad.Result result = load.run(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"),
                    Map.of("Authorization", "Bearer " + TestGateways.CLIENT_TOKEN, "Content-Type", "application/json"),
                    "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    8, true, Duration.ofSeconds(10), Duration.ZERO, ProcessHandle.current().pid());

            assertEquals(8, result.ok(), result.summary());
            assertEquals(0, result.errors(), result.summary());
            assertTrue(result.whileOpen().threads() > 0, result.summary());
        } finally {
            load.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Authorization", "Bearer " + TestGateways.CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
