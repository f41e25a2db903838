package io.github.geminibalance.gateway.gemini;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockserver.model.Header;
import org.mockserver.verify.VerificationTimes;

/** The Gemini native surface against MockServer standing in for Google. */
class GeminiNativeIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK_ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,\"totalTokenCount\":8}}";
    private static final String PROMPT = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}],\"role\":\"user\"}]}";




    @Override
    protected Map<String, String> settings() {
        return Map.of("FILTERED_MODELS", "[\"gemini-hidden\"]", "SEARCH_MODELS", "[\"gemini-2.5-flash\"]",
                        "THINKING_MODELS", "[\"gemini-2.5-flash\"]", "MAX_FAILURES", "2");
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertEquals(200, answer.statusCode());
        assertEquals("{\"status\":\"healthy\"}", answer.body());
    }

    @Test
    void missingOrWrongTokenGets401InGeminiShapeWithoutUpstreamCall() throws Exception {
        HttpResponse<String> missing = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT));
        HttpResponse<String> wrong = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-goog-api-key", "not-the-token"));
        for (HttpResponse<String> answer : new HttpResponse[] {missing, wrong}) {
            assertEquals(401, answer.statusCode());
            JsonNode error = JSON.readTree(answer.body()).get("error");
            assertEquals(401, error.get("code").asInt());
            assertEquals("UNAUTHENTICATED", error.get("status").asText());
        }
        upstream.verifyZeroInteractions();
    }

    @Test
    void generateContentPassesThroughWithAPoolKeyInTheHeaderOnly() throws Exception {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));

        HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent?key=" + CLIENT_TOKEN, PROMPT));

        assertEquals(200, answer.statusCode());
        assertEquals(JSON.readTree(OK_ANSWER), JSON.readTree(answer.body()));
        org.mockserver.model.HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(1, received.length);
        String key = received[0].getFirstHeader("x-goog-api-key");
        assertTrue(key.equals(KEY_A) || key.equals(KEY_B) || key.equals(KEY_C), "a pool key goes upstream");
        assertFalse(received[0].containsHeader("Authorization"));
        assertTrue(received[0].getQueryStringParameterList().isEmpty(), "neither the client token nor a key in the URL");
        assertEquals(JSON.readTree(PROMPT), JSON.readTree(received[0].getBodyAsString()));
    }

    @Test
    void anthropicStyleXApiKeyIsAcceptedAndNeverForwarded() throws Exception {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));

        HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-api-key", CLIENT_TOKEN));
        HttpResponse<String> wrong = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-api-key", "not-the-token"));

        assertEquals(200, answer.statusCode());
        assertEquals(401, wrong.statusCode());
        org.mockserver.model.HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(1, received.length);
        String key = received[0].getFirstHeader("x-goog-api-key");
        assertTrue(key.equals(KEY_A) || key.equals(KEY_B) || key.equals(KEY_C), "a pool key goes upstream");
        assertFalse(received[0].containsHeader("x-api-key"), "the client's x-api-key never goes upstream");
        assertFalse(received[0].toString().contains(CLIENT_TOKEN), "nor the token anywhere else");
    }

    @Test
    void rateLimitedKeyCoolsDownAndTheNextKeyServes() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent")
                        .withHeader(Header.header("x-goog-api-key", KEY_A)))
                .respond(response().withStatusCode(429).withBody(fixture("429-per-minute.json")));
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                    .header("x-goog-api-key", CLIENT_TOKEN));
            assertEquals(200, answer.statusCode());
        }
        KeyPoolSnapshot.KeyStatus keyA = status(KEY_A);
        assertEquals(KeyPoolSnapshot.Health.ACTIVE, keyA.health(), "429 never kills a key");
        assertTrue(keyA.coolingUntil().containsKey("gemini-2.5-flash"));
        upstream.verify(request().withHeader(Header.header("x-goog-api-key", KEY_A)), VerificationTimes.once());
    }

    @Test
    void invalidKeyIsTakenOutOfRotationAndNeverRetried() throws Exception {
        upstream.when(request().withHeader(Header.header("x-goog-api-key", KEY_A)))
                .respond(response().withStatusCode(400).withBody(fixture("400-api-key-invalid.json")));
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));

        for (int i = 0; i < 6; i++) {
            assertEquals(200, send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                    .header("x-goog-api-key", CLIENT_TOKEN)).statusCode());
        }
        assertEquals(KeyPoolSnapshot.Health.DEAD, status(KEY_A).health());
        upstream.verify(request().withHeader(Header.header("x-goog-api-key", KEY_A)), VerificationTimes.once());
    }

    @Test
    void clientErrorGoesBackAsIsWithoutRetryOrPenalty() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(400).withHeader("Content-Type", "application/json")
                        .withBody(fixture("400-invalid-argument.json")));

        HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN));

        assertEquals(400, answer.statusCode());
        assertEquals("INVALID_ARGUMENT", JSON.readTree(answer.body()).at("/error/status").asText());
        upstream.verify(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"), VerificationTimes.once());
        for (KeyPoolSnapshot.KeyStatus key : gateway.keyPool().snapshot().keys()) {
            assertEquals(0, key.failureCount());
            assertEquals(KeyPoolSnapshot.Health.ACTIVE, key.health());
        }
    }

    @Test
    void everyKeyRateLimitedGives429WithRetryAfter() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(429).withBody(fixture("429-per-minute.json")));

        HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN));

        assertEquals(429, answer.statusCode());
        long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 26, "Retry-After from RetryInfo: " + retryAfter);
        assertEquals("RESOURCE_EXHAUSTED", JSON.readTree(answer.body()).at("/error/status").asText());
        assertFalse(answer.body().contains(KEY_A), "no key in the error");

        HttpResponse<String> next = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN));
        assertEquals(429, next.statusCode());
        upstream.verify(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"),
                VerificationTimes.exactly(3)); // the second request made no call: every key was known to be cooling
    }

    @Test
    void transientErrorsAreRetriedThenRelayed() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(503).withHeader("Content-Type", "application/json")
                        .withBody(fixture("503-overloaded.json")));

        HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN));

        assertEquals(503, answer.statusCode());
        upstream.verify(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"), VerificationTimes.exactly(3));
        assertEquals(3, gateway.keyPool().snapshot().keys().stream().mapToInt(KeyPoolSnapshot.KeyStatus::failureCount).sum());
    }

    @Test
    void malformedJsonIs400WithoutUpstreamCall() throws Exception {
        HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", "{\"contents\": [")
                .header("x-goog-api-key", CLIENT_TOKEN));
        assertEquals(400, answer.statusCode());
        assertEquals("INVALID_ARGUMENT", JSON.readTree(answer.body()).at("/error/status").asText());
        upstream.verifyZeroInteractions();
    }

    @Test
    void bodyAboveTheLimitIs413() throws Exception {
        Gateway small = TestGateways.start(upstreamBaseUrl(), Map.of("MAX_REQUEST_BODY_MB", "1"));
        // A raw socket that sends the head and only the start of the body: the gateway must answer
        // from the declared length, before reading the body (a client that kept writing would only
        // race the closing connection).
        try (Socket socket = new Socket("127.0.0.1", small.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "x-goog-api-key: " + CLIENT_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (2 * 1024 * 1024) + "\r\n\r\n{\"contents\":[").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertEquals(413, JSON.readTree(body).at("/error/code").asInt());
            upstream.verifyZeroInteractions();
        } finally {
            small.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void unknownPathGetsJson404() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/nothing/here")).GET());
        assertEquals(404, answer.statusCode());
        assertEquals(404, JSON.readTree(answer.body()).at("/error/code").asInt());
    }

    @Test
    void filteredModelIsRefusedBeforeAnyUpstreamCall() throws Exception {
        HttpResponse<String> answer = send(post("/v1beta/models/gemini-hidden:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN));
        assertEquals(400, answer.statusCode());
        upstream.verifyZeroInteractions();
    }

    @Test
    void searchSuffixAddsGoogleSearchAndIsStrippedUpstream() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));

        assertEquals(200, send(post("/gemini/v1beta/models/gemini-2.5-flash-search:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN)).statusCode());

        JsonNode sent = JSON.readTree(upstream.retrieveRecordedRequests(null)[0].getBodyAsString());
        assertTrue(sent.get("tools").get(0).has("googleSearch"));
        assertEquals(JSON.readTree(PROMPT).get("contents"), sent.get("contents"));
    }

    @Test
    void nonThinkingSuffixSetsABudgetOfZero() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));

        assertEquals(200, send(post("/v1/models/gemini-2.5-flash-non-thinking:generateContent", PROMPT)
                .header("x-goog-api-key", CLIENT_TOKEN)).statusCode());

        JsonNode sent = JSON.readTree(upstream.retrieveRecordedRequests(null)[0].getBodyAsString());
        assertEquals(0, sent.at("/generationConfig/thinkingConfig/thinkingBudget").asInt(-1));
    }

    @Test
    void modelListHidesFilteredModelsAddsVariantsAndForwardsPaging() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"models\":[{\"name\":\"models/gemini-2.5-flash\",\"displayName\":\"Gemini 2.5 Flash\"},"
                                + "{\"name\":\"models/gemini-hidden\",\"displayName\":\"Hidden\"}],\"nextPageToken\":\"next\"}"));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(
                uri("/v1beta/models?pageSize=50&pageToken=abc&key=" + CLIENT_TOKEN)).GET());

        assertEquals(200, answer.statusCode());
        JsonNode page = JSON.readTree(answer.body());
        assertEquals("next", page.get("nextPageToken").asText());
        assertEquals(java.util.List.of(
                "models/gemini-2.5-flash", "models/gemini-2.5-flash-search", "models/gemini-2.5-flash-non-thinking"),
                page.get("models").findValuesAsText("name"));
        assertEquals("Gemini 2.5 Flash For Search", page.get("models").get(1).get("displayName").asText());
        org.mockserver.model.HttpRequest sent = upstream.retrieveRecordedRequests(null)[0];
        assertEquals("50", sent.getFirstQueryStringParameter("pageSize"));
        assertEquals("abc", sent.getFirstQueryStringParameter("pageToken"));
        assertTrue(sent.getQueryStringParameterList().stream().noneMatch(p -> p.getName().getValue().equals("key")));
    }

    @Test
    void v1ModelListIsGeminiShapedForGoogleStyleAuth() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models"))
                .respond(response().withStatusCode(200).withBody("{\"models\":[{\"name\":\"models/gemini-2.5-pro\"}]}"));

        HttpResponse<String> google = send(HttpRequest.newBuilder(uri("/v1/models")).GET()
                .header("x-goog-api-key", CLIENT_TOKEN));
        HttpResponse<String> openAi = send(HttpRequest.newBuilder(uri("/v1/models")).GET()
                .header("Authorization", "Bearer " + CLIENT_TOKEN));

        assertEquals(200, google.statusCode());
        assertEquals("models/gemini-2.5-pro", JSON.readTree(google.body()).at("/models/0/name").asText());
        assertEquals(200, openAi.statusCode());
        assertEquals("list", JSON.readTree(openAi.body()).get("object").asText(), "Bearer gets OpenAI's shape");
        assertEquals("gemini-2.5-pro", JSON.readTree(openAi.body()).at("/data/0/id").asText());
    }

    @Test
    void singleModelVariantIsServedFromItsBase() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models/gemini-2.5-flash"))
                .respond(response().withStatusCode(200).withBody(
                        "{\"name\":\"models/gemini-2.5-flash\",\"displayName\":\"Gemini 2.5 Flash\"}"));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1beta/models/gemini-2.5-flash-search")).GET()
                .header("x-goog-api-key", CLIENT_TOKEN));

        assertEquals(200, answer.statusCode());
        assertEquals("models/gemini-2.5-flash-search", JSON.readTree(answer.body()).get("name").asText());
    }

    @Test
    void keyListIsForTheAdminOnlyAndMasked() throws Exception {
        HttpResponse<String> client = send(HttpRequest.newBuilder(uri("/v1/keys/list")).GET()
                .header("Authorization", "Bearer " + CLIENT_TOKEN));
        HttpResponse<String> admin = send(HttpRequest.newBuilder(uri("/hf/v1/keys/list")).GET()
                .header("Authorization", "Bearer " + ADMIN_TOKEN));
        HttpResponse<String> revealed = send(HttpRequest.newBuilder(uri("/v1/keys/list?reveal=true")).GET()
                .header("Authorization", "Bearer " + ADMIN_TOKEN));

        assertEquals(401, client.statusCode());
        assertEquals(200, admin.statusCode());
        JsonNode list = JSON.readTree(admin.body());
        assertEquals("success", list.get("status").asText());
        assertEquals(3, list.get("total").asInt());
        assertTrue(list.at("/data/valid_keys").has(new ApiKey(new io.github.geminibalance.gateway.config.Secret(KEY_A)).fingerprint()));
        assertFalse(admin.body().contains(KEY_A));
        assertTrue(JSON.readTree(revealed.body()).at("/data/valid_keys").has(KEY_A));
    }

    private KeyPoolSnapshot.KeyStatus status(String key) {
        return gateway.keyPool().snapshot().keys().stream()
                .filter(status -> status.key().value().equals(key)).findFirst().orElseThrow();
    }

    private static String fixture(String name) throws Exception {
        try (var in = GeminiNativeIT.class.getResourceAsStream("/upstream-errors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
