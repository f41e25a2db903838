package io.github.geminibalance.gateway.admin;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.GENERATE;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.MODEL;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.MODEL_ANSWER;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.OK_ANSWER;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.PROBE;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.PROMPT;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.TEST_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.check.ErrorBodies;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import io.github.geminibalance.gateway.keys.Outcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockserver.model.ClearType;
import org.mockserver.model.Header;

/** The admin API under {@code /api/keys}, against MockServer standing in for Google. */
class AdminApiIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUTES = List.of("GET /api/keys", "POST /api/keys/verify", "POST /api/keys/reset");
    private static final List<String> WHOLE_KEYS = List.of(KEY_A, KEY_B, KEY_C);

    @Override
    protected Map<String, String> settings() {
        return Map.of("TEST_MODEL", TEST_MODEL);
    }

    @Test
    void everyRouteNeedsTheAdminToken() throws Exception {
        for (String route : ROUTES) {
            for (Map.Entry<String, String> header : List.of(Map.entry("x-unused", "none"),
                    Map.entry("Authorization", "Bearer " + CLIENT_TOKEN), Map.entry("x-goog-api-key", CLIENT_TOKEN),
                    Map.entry("Authorization", "Bearer wrong-token"))) {
                HttpResponse<String> answer = send(route, "{\"all\":true}", header.getKey(), header.getValue());
                assertEquals(401, answer.statusCode(), route + " with " + header.getKey());
                assertTrue(JSON.readTree(answer.body()).at("/error/message").asText().contains("admin token"));
            }
        }
        HttpResponse<String> byGoogleHeader = send("GET /api/keys", null, "x-goog-api-key", ADMIN_TOKEN);
        HttpResponse<String> byQuery = send("GET /api/keys?key=" + ADMIN_TOKEN, null, "x-unused", "none");
        assertEquals(200, byGoogleHeader.statusCode());
        assertEquals(200, byQuery.statusCode());
        upstream.verifyZeroInteractions();
    }

    @Test
    void everyRouteIsOffWithoutAnAdminToken() throws Exception {
        gateway.shutdown(Duration.ofSeconds(1));
        gateway = TestGateways.start(upstreamBaseUrl(), Map.of("AUTH_TOKEN", ""));
        for (String route : ROUTES) {
            for (String token : List.of(CLIENT_TOKEN, ADMIN_TOKEN)) {
                HttpResponse<String> answer = send(route, "{\"all\":true}", "Authorization", "Bearer " + token);
                assertEquals(403, answer.statusCode(), route);
                assertTrue(JSON.readTree(answer.body()).at("/error/message").asText().contains("AUTH_TOKEN"));
            }
        }
    }

    @Test
    void statesShowADeadKeyACoolingKeyAndAnExhaustedKey() throws Exception {
        driveKeyADeadAndKeyBCooling();
        gateway.keyPool().report(ApiKey.of(KEY_C), "gemini-2.5-pro", new Outcome.Exhausted("daily quota exhausted"));

        HttpResponse<String> answer = admin("GET /api/keys", null);

        assertEquals(200, answer.statusCode());
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
        assertNoWholeKey(answer);
        JsonNode states = JSON.readTree(answer.body());
        assertEquals(3, states.get("total").asInt());
        assertEquals(JSON.readTree("{\"active\":2,\"failing\":0,\"dead\":1}"), states.get("counts"));
        JsonNode a = entry(states, KEY_A);
        assertEquals("dead", a.get("health").asText());
        assertEquals("invalid API key", a.get("last_error").asText());
        JsonNode b = entry(states, KEY_B);
        assertEquals("active", b.get("health").asText());
        assertEquals(0, b.get("failure_count").asInt(), "cooling is no failure");
        assertTrue(b.get("last_error").isNull());
        Instant coolingUntil = Instant.parse(b.at("/cooling_until/" + MODEL).asText());
        assertTrue(coolingUntil.isAfter(Instant.now()));
        JsonNode c = entry(states, KEY_C);
        assertEquals(0, c.get("failure_count").asInt());
        assertTrue(c.get("last_error").isNull());
        assertTrue(Instant.parse(c.at("/exhausted_until/gemini-2.5-pro").asText()).isAfter(Instant.now()));
        assertTrue(c.get("cooling_until").isEmpty());
    }

    @Test
    void revealShowsWholeKeys() throws Exception {
        JsonNode states = JSON.readTree(admin("GET /api/keys?reveal=true", null).body());
        assertEquals(WHOLE_KEYS, states.findValuesAsText("key"));
    }

    @Test
    void verifyBySelectionResetsTheKeyThatWorksAndKillsTheRejectedOne() throws Exception {
        driveKeyADeadAndKeyBCooling();
        probeAnswers(Map.of(KEY_A, 200, KEY_B, 400));

        HttpResponse<String> answer = admin("POST /api/keys/verify",
                "{\"keys\":[\"" + fingerprint(KEY_A) + "\",\"" + KEY_B + "\"]}");

        assertEquals(200, answer.statusCode());
        assertNoWholeKey(answer);
        JsonNode verified = JSON.readTree(answer.body());
        assertEquals(2, verified.get("checked").asInt());
        assertEquals(1, verified.at("/counts/ok").asInt());
        assertEquals(1, verified.at("/counts/invalid").asInt());
        assertEquals(0, verified.at("/counts/network-error").asInt());
        assertEquals(JSON.readTree("{\"key\":\"" + fingerprint(KEY_A)
                + "\",\"class\":\"ok\",\"reason\":\"model readable\",\"pool\":\"reset\"}"), verified.at("/results/0"));
        assertEquals(JSON.readTree("{\"key\":\"" + fingerprint(KEY_B)
                + "\",\"class\":\"invalid\",\"reason\":\"invalid API key\",\"pool\":\"dead\"}"), verified.at("/results/1"));
        assertTrue(verified.get("unknown").isEmpty());
        KeyStatus a = status(KEY_A);
        assertEquals(Health.ACTIVE, a.health());
        assertTrue(a.lastError() == null && a.coolingUntil().isEmpty());
        assertEquals(Health.DEAD, status(KEY_B).health());
        assertEquals("invalid API key", status(KEY_B).lastError());
        assertEquals(2, upstream.retrieveRecordedRequests(request().withPath(PROBE)).length, "only the named keys");
    }

    @Test
    void verifyAllChecksEveryKeyAndListsUnknownEntriesMasked() throws Exception {
        driveKeyADeadAndKeyBCooling();
        probeAnswers(Map.of(KEY_A, 200, KEY_B, 400, KEY_C, 200));
        String strangerKey = "AIzaSyZ-not-in-the-pool-zzzzzzzzzzzzzzzzz";

        HttpResponse<String> all = admin("POST /api/keys/verify", "{\"all\":true}");
        HttpResponse<String> stranger = admin("POST /api/keys/verify",
                "{\"keys\":[\"" + strangerKey + "\",\"AIzaSy...none\",\"" + KEY_C + "\"]}");

        assertEquals(200, all.statusCode());
        assertNoWholeKey(all);
        JsonNode verified = JSON.readTree(all.body());
        assertEquals(3, verified.get("checked").asInt());
        assertEquals(2, verified.at("/counts/ok").asInt());
        assertEquals(List.of("reset", "dead", "reset"), verified.get("results").findValuesAsText("pool"));
        assertEquals(List.of(Health.ACTIVE, Health.DEAD, Health.ACTIVE),
                gateway.keyPool().snapshot().keys().stream().map(KeyStatus::health).toList());
        assertEquals(200, stranger.statusCode());
        assertFalse(stranger.body().contains(strangerKey));
        JsonNode partly = JSON.readTree(stranger.body());
        assertEquals(1, partly.get("checked").asInt());
        assertEquals(List.of(Secret.mask(strangerKey), "AIzaSy...none"),
                JSON.convertValue(partly.get("unknown"), List.class));
    }

    @Test
    void resetSelectedThenAll() throws Exception {
        driveKeyADeadAndKeyBCooling();

        HttpResponse<String> selected = admin("POST /api/keys/reset", "{\"keys\":[\"" + KEY_A + "\",\"nope\"]}");

        assertEquals(200, selected.statusCode());
        assertNoWholeKey(selected);
        assertEquals(JSON.readTree("{\"count\":1,\"reset\":[\"" + fingerprint(KEY_A) + "\"],\"unknown\":[\"****\"]}"),
                JSON.readTree(selected.body()));
        assertEquals(Health.ACTIVE, status(KEY_A).health());
        assertFalse(status(KEY_B).coolingUntil().isEmpty(), "the key not named is untouched");

        HttpResponse<String> all = admin("POST /api/keys/reset", "{\"all\":true}");

        assertEquals(200, all.statusCode());
        assertNoWholeKey(all);
        JsonNode reset = JSON.readTree(all.body());
        assertEquals(3, reset.get("count").asInt());
        assertEquals(WHOLE_KEYS.stream().map(AdminApiIT::fingerprint).toList(),
                JSON.convertValue(reset.get("reset"), List.class));
        assertTrue(status(KEY_B).coolingUntil().isEmpty());
        upstream.verifyZeroInteractions();
    }

    @Test
    void aSharedFingerprintNamesNoKey() throws Exception {
        String first = "AIzaSyD-shared-first-xxxxxxxxxxxxxxxx-zzzz";
        String second = "AIzaSyD-shared-second-yyyyyyyyyyyyyyy-zzzz";
        gateway.shutdown(Duration.ofSeconds(1));
        gateway = TestGateways.start(upstreamBaseUrl(),
                Map.of("API_KEYS", "[\"" + first + "\",\"" + second + "\"]"));

        HttpResponse<String> ambiguous = admin("POST /api/keys/reset", "{\"keys\":[\"AIzaSy...zzzz\"]}");
        HttpResponse<String> whole = admin("POST /api/keys/reset", "{\"keys\":[\"" + second + "\"]}");

        assertEquals(400, ambiguous.statusCode());
        String message = JSON.readTree(ambiguous.body()).at("/error/message").asText();
        assertTrue(message.contains("AIzaSy...zzzz") && message.contains("ambiguous"), message);
        assertEquals(200, whole.statusCode());
        assertEquals(1, JSON.readTree(whole.body()).get("count").asInt());
    }

    @Test
    void malformedRequestsAreRefused() throws Exception {
        for (String body : List.of("", "[]", "{}", "{\"keys\":[]}", "{\"keys\":[1]}", "{\"all\":false}",
                "{\"all\":true,\"keys\":[\"x\"]}", "not json")) {
            HttpResponse<String> answer = admin("POST /api/keys/verify", body);
            assertEquals(400, answer.statusCode(), body);
            assertTrue(JSON.readTree(answer.body()).at("/error/message").asText().contains("{\"all\":true}"), body);
        }
        assertEquals(405, admin("GET /api/keys/reset", null).statusCode());
        assertEquals(405, admin("POST /api/keys", "{\"all\":true}").statusCode());
        assertEquals(404, admin("GET /api/keys/other", null).statusCode());
        upstream.verifyZeroInteractions();
    }

    /**
     * Google rejects key A and rate-limits key B for {@link #MODEL}; key C answers. Round robin
     * starts at A, so the first request goes A, B, C.
     */
    private void driveKeyADeadAndKeyBCooling() throws Exception {
        upstream.when(request().withPath(GENERATE).withHeader(Header.header("x-goog-api-key", KEY_A)))
                .respond(response().withStatusCode(400).withBody(ErrorBodies.INVALID));
        upstream.when(request().withPath(GENERATE).withHeader(Header.header("x-goog-api-key", KEY_B)))
                .respond(response().withStatusCode(429).withBody(ErrorBodies.PER_MINUTE));
        upstream.when(request().withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));
        HttpResponse<String> answer = send("POST " + GENERATE, PROMPT, "x-goog-api-key", CLIENT_TOKEN);
        assertEquals(200, answer.statusCode());
        assertEquals(Health.DEAD, status(KEY_A).health());
        assertFalse(status(KEY_B).coolingUntil().isEmpty());
        upstream.clear(request().withPath(GENERATE), ClearType.LOG);
    }

    /** The probe's answer per key: 200 with the model, or 400 {@code API_KEY_INVALID}. */
    private void probeAnswers(Map<String, Integer> statusByKey) {
        statusByKey.forEach((key, status) -> upstream
                .when(request().withMethod("GET").withPath(PROBE).withHeader(Header.header("x-goog-api-key", key)))
                .respond(response().withStatusCode(status).withHeader("Content-Type", "application/json")
                        .withBody(status == 200 ? MODEL_ANSWER : ErrorBodies.INVALID)));
    }

    private static void assertNoWholeKey(HttpResponse<String> answer) {
        for (String key : WHOLE_KEYS) {
            assertFalse(answer.body().contains(key), "a whole key in " + answer.body());
        }
    }

    private static JsonNode entry(JsonNode states, String key) {
        for (JsonNode entry : states.get("keys")) {
            if (entry.get("key").asText().equals(fingerprint(key))) {
                return entry;
            }
        }
        throw new AssertionError("no entry for " + fingerprint(key) + " in " + states);
    }

    private static String fingerprint(String key) {
        return ApiKey.of(key).fingerprint();
    }

    private KeyStatus status(String key) {
        return gateway.keyPool().snapshot().keys().stream()
                .filter(status -> status.key().value().equals(key)).findFirst().orElseThrow();
    }

    private HttpResponse<String> admin(String route, String body) throws Exception {
        return send(route, body, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** Sends {@code "METHOD /path"} with one header; a POST carries {@code body} as JSON. */
    private HttpResponse<String> send(String route, String body, String header, String value) throws Exception {
        String[] parts = route.split(" ", 2);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(parts[1])).header(header, value)
                .header("Content-Type", "application/json")
                .method(parts[0], parts[0].equals("POST") ? HttpRequest.BodyPublishers.ofString(body)
                        : HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
