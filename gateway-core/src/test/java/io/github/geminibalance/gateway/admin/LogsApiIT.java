package io.github.geminibalance.gateway.admin;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.check.ErrorBodies;
import io.github.geminibalance.gateway.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request and error logs of a running gateway, read and pruned through the admin API. KEY_A is
 * rate-limited for an hour on its first call; KEY_B and KEY_C answer, with token counts.
 */
class LogsApiIT {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,"
            + "\"totalTokenCount\":7}}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FakeUpstream upstream;
    private Gateway gateway;

    @BeforeEach
    void startUpstream() {
        upstream = new FakeUpstream();
        upstream.script(call -> {
            if (KEY_A.equals(call.key())) {
                call.status(429, "application/json");
                call.send(ErrorBodies.FOR_AN_HOUR);
            } else if (call.path().endsWith(":streamGenerateContent")) {
                call.status(200, "text/event-stream");
                call.send("data: " + ANSWER + "\r\n\r\n");
            } else {
                call.status(200, "application/json");
                call.send(ANSWER);
            }
        });
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
        upstream.close();
    }

    @Test
    void callsAndFailedAttemptsAreLoggedCountedFilteredAndDeleted() throws Exception {
        gateway = gateway(Map.of());
        assertEquals(401, post("/v1/chat/completions", "Bearer not-a-token", "{}").statusCode(),
                "a refused caller is counted by the metrics, not logged");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, generate(":generateContent", "hi").statusCode());
        }
        assertEquals(200, generate(":streamGenerateContent?alt=sse", "hi").statusCode());
        assertEquals(200, post("/v1/chat/completions", "Bearer " + CLIENT_TOKEN,
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());

        JsonNode requests = awaitRows("/api/logs/requests", 5);
        List<String> routes = new ArrayList<>();
        for (JsonNode row : requests.get("logs")) {
            routes.add(row.get("route").asText());
            assertEquals(200, row.get("status").asInt());
            assertEquals(MODEL, row.get("model").asText());
            assertEquals(7, row.path("tokens").path("total").asInt(), "tokens of " + row);
            assertTrue(List.of(Secret.mask(KEY_B), Secret.mask(KEY_C)).contains(row.get("key").asText()), row.toString());
        }
        assertEquals(List.of("/v1/chat/completions", "/v1beta/models/{model}:streamGenerateContent",
                "/v1beta/models/{model}:generateContent", "/v1beta/models/{model}:generateContent",
                "/v1beta/models/{model}:generateContent"), routes, "newest first");
        assertTrue(requests.get("logs").get(1).get("stream").asBoolean());

        JsonNode errors = awaitRows("/api/logs/errors", 1);
        JsonNode rateLimited = errors.get("logs").get(0);
        assertEquals(Secret.mask(KEY_A), rateLimited.get("key").asText());
        assertEquals("cooling", rateLimited.get("class").asText());
        assertEquals(429, rateLimited.get("upstream_status").asInt());
        assertTrue(rateLimited.get("message").asText().contains("You exceeded your current quota."), rateLimited.toString());
        JsonNode detail = admin("GET", "/api/logs/errors/" + rateLimited.get("id").asLong(), null);
        assertTrue(detail.get("request_body").isNull(), "no body unless ERROR_LOG_RECORD_REQUEST_BODY");

        JsonNode stats = admin("GET", "/api/stats", null);
        assertEquals(5, stats.at("/calls/last_minute/calls").asInt());
        assertEquals(0, stats.at("/calls/last_day/failures").asInt());
        assertEquals(MODEL, stats.at("/by_model/0/model").asText());
        assertEquals(5, stats.at("/by_model/0/calls").asInt());
        assertEquals(Secret.mask(KEY_A), stats.at("/most_rate_limited_keys/0/key").asText());
        assertEquals(1, stats.at("/most_rate_limited_keys/0/rate_limited").asInt());

        assertEquals(1, admin("GET", "/api/logs/requests?route=" + encode("/v1/chat/completions"), null)
                .get("total").asInt());
        assertEquals(2, admin("GET", "/api/logs/requests?limit=2&offset=1", null).get("logs").size());
        long newest = requests.at("/logs/0/id").asLong();
        assertEquals(1, admin("DELETE", "/api/logs/requests", "{\"ids\":[" + newest + "]}").get("deleted").asInt());
        assertEquals(4, admin("DELETE", "/api/logs/requests", "{\"all\":true}").get("deleted").asInt());
        assertEquals(0, admin("GET", "/api/logs/requests", null).get("total").asInt());
        assertEquals(1, admin("DELETE", "/api/logs/errors/" + rateLimited.get("id").asLong(), null).get("deleted").asInt());
        assertEquals(0, admin("GET", "/api/logs/errors", null).get("total").asInt());
    }

    @Test
    void badQueriesAndCallersAreRefusedInOpenAisShape() throws Exception {
        gateway = gateway(Map.of());

        HttpResponse<String> anonymous = send("GET", "/api/logs/requests", null, null);
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> client = send("GET", "/api/stats", "Bearer " + CLIENT_TOKEN, null);
        assertEquals(401, client.statusCode(), "a client token is no admin token");
        for (String query : List.of("/api/logs/requests?limit=0", "/api/logs/requests?limit=abc",
                "/api/logs/errors?since=yesterday", "/api/logs/errors?status=1000", "/api/stats?top=-1")) {
            HttpResponse<String> refused = send("GET", query, "Bearer " + ADMIN_TOKEN, null);
            assertEquals(400, refused.statusCode(), query);
            assertEquals("invalid_request_error", json.readTree(refused.body()).at("/error/type").asText(), refused.body());
        }
        assertEquals(400, send("DELETE", "/api/logs/errors", "Bearer " + ADMIN_TOKEN, "{\"ids\":\"all\"}").statusCode());
        assertEquals(400, send("DELETE", "/api/logs/errors", "Bearer " + ADMIN_TOKEN, "not json").statusCode());
        assertEquals(404, send("GET", "/api/logs/errors/12345", "Bearer " + ADMIN_TOKEN, null).statusCode());
        assertEquals(404, send("GET", "/api/logs/nothing", "Bearer " + ADMIN_TOKEN, null).statusCode());
        assertEquals(405, send("POST", "/api/logs/requests", "Bearer " + ADMIN_TOKEN, "{}").statusCode());
    }

    @Test
    void theRequestBodySentUpstreamIsRecordedOnRequestWithSecretsMasked() throws Exception {
        gateway = gateway(Map.of("ERROR_LOG_RECORD_REQUEST_BODY", "true"));

        assertEquals(200, generate(":generateContent", "my token is " + CLIENT_TOKEN).statusCode());

        JsonNode errors = awaitRows("/api/logs/errors", 1);
        String body = admin("GET", "/api/logs/errors/" + errors.at("/logs/0/id").asLong(), null).get("request_body").asText();
        assertTrue(body.contains("my token is " + Secret.mask(CLIENT_TOKEN)), body);
        assertFalse(body.contains(CLIENT_TOKEN), body);
    }

    @Test
    void withoutADatabaseTheLogsApiSaysNoLogsAreKept() throws Exception {
        gateway = TestGateways.start(upstream.baseUrl(), Map.of("DATABASE_TYPE", "none"));

        HttpResponse<String> refused = send("GET", "/api/stats", "Bearer " + ADMIN_TOKEN, null);

        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("DATABASE_TYPE is none"), refused.body());
    }

    private Gateway gateway(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("DATABASE_TYPE", "sqlite");
        all.put("SQLITE_DATABASE", dir.resolve("logs.db").toString());
        return TestGateways.start(upstream.baseUrl(), all);
    }

    /** Polls a log until it has {@code rows} rows (the writer batches every half second); no full key may show. */
    private JsonNode awaitRows(String path, int rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode page = admin("GET", path, null);
        while (page.get("total").asInt() < rows && System.nanoTime() < deadline) {
            Thread.sleep(100);
            page = admin("GET", path, null);
        }
        assertEquals(rows, page.get("total").asInt(), page.toString());
        return page;
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, "Bearer " + ADMIN_TOKEN, body);
        assertEquals(200, response.statusCode(), response.body());
        for (String key : List.of(KEY_A, KEY_B, KEY_C)) {
            assertFalse(response.body().contains(key), "a whole key in " + response.body());
        }
        return json.readTree(response.body());
    }

    private HttpResponse<String> generate(String method, String text) throws IOException, InterruptedException {
        return post("/v1beta/models/" + MODEL + method, null,
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}]}");
    }

    private HttpResponse<String> post(String path, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        request.header(authorization == null ? "x-goog-api-key" : "Authorization",
                authorization == null ? CLIENT_TOKEN : authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
