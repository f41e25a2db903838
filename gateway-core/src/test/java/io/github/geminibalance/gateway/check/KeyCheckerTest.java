package io.github.geminibalance.gateway.check;

import static io.github.geminibalance.gateway.check.CheckedKeys.INVALID;
import static io.github.geminibalance.gateway.check.CheckedKeys.MODEL;
import static io.github.geminibalance.gateway.check.CheckedKeys.MODEL_PATH;
import static io.github.geminibalance.gateway.check.CheckedKeys.OK;
import static io.github.geminibalance.gateway.check.CheckedKeys.PER_DAY;
import static io.github.geminibalance.gateway.check.CheckedKeys.PER_MINUTE;
import static io.github.geminibalance.gateway.check.CheckedKeys.SUSPENDED;
import static io.github.geminibalance.gateway.check.CheckedKeys.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.JsonBody;
import org.mockserver.model.MediaType;
import org.mockserver.verify.VerificationTimes;

class KeyCheckerTest {

    static final String GENERATE_PATH = MODEL_PATH + ":generateContent";

    static final ApiKey UNAVAILABLE = key('F');
    static final ApiKey SLOW = key('G');

    private static ClientAndServer upstream;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5), 16);

    @BeforeAll
    static void startUpstream() {
        ConfigurationProperties.logLevel("WARN");
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @BeforeEach
    void script() {
        upstream.reset();
        CheckedKeys.script(upstream);
        CheckedKeys.answer(upstream, UNAVAILABLE, 503, ErrorBodies.UNAVAILABLE);
        upstream.when(request().withMethod("GET").withPath(MODEL_PATH).withHeader("x-goog-api-key", SLOW.value()))
                .respond(response().withStatusCode(200).withDelay(TimeUnit.SECONDS, 3));
    }

    @AfterEach
    void close() {
        client.close();
        timer.shutdownNow();
    }

    private KeyChecker checker(String baseUrl, Duration timeout) {
        return new KeyChecker(client, timer, URI.create(baseUrl), MODEL, timeout);
    }

    private KeyChecker checker() {
        return checker("http://127.0.0.1:" + upstream.getPort() + "/v1beta", Duration.ofSeconds(5));
    }

    @Test
    void eachAnswerLandsInItsClassWithAReasonThatNeverHoldsTheKey() {
        List<ApiKey> keys = List.of(OK, INVALID, SUSPENDED, PER_MINUTE, PER_DAY, UNAVAILABLE);

        List<KeyCheckResult> results = checker().checkAll(keys, 4, false, progress -> {}).join();

        assertEquals(keys, results.stream().map(KeyCheckResult::key).toList(), "input order");
        assertClass(results.get(0), KeyClass.OK, "model readable");
        assertClass(results.get(1), KeyClass.INVALID, "invalid API key");
        assertClass(results.get(2), KeyClass.SUSPENDED, "suspended");
        assertClass(results.get(3), KeyClass.RATE_LIMITED, "rate limited for 26 s");
        assertClass(results.get(4), KeyClass.QUOTA_EXHAUSTED, "daily quota exhausted");
        assertClass(results.get(5), KeyClass.UPSTREAM_ERROR, "HTTP 503");
        for (KeyCheckResult result : results) {
            assertFalse(result.reason().contains(result.key().value()), result.reason());
            assertFalse(result.reason().contains("AIza"), result.reason());
        }
        upstream.verify(request().withPath(GENERATE_PATH), VerificationTimes.never());
    }

    @Test
    void aClosedPortIsANetworkError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        KeyCheckResult result = checker("http://127.0.0.1:" + port + "/v1beta", Duration.ofSeconds(5))
                .check(OK, false).join();

        assertClass(result, KeyClass.NETWORK_ERROR, "connection refused");
    }

    @Test
    void aProbeIsBoundedByItsTimeout() {
        KeyCheckResult result = checker("http://127.0.0.1:" + upstream.getPort() + "/v1beta", Duration.ofMillis(300))
                .check(SLOW, false).join();

        assertClass(result, KeyClass.NETWORK_ERROR, "timeout");
        assertTrue(result.took().compareTo(Duration.ofSeconds(2)) < 0, result.took().toString());
    }

    @Test
    void theDeepProbeGeneratesOneTokenAfterTheCheapOne() {
        upstream.when(request().withMethod("POST").withPath(GENERATE_PATH).withHeader("x-goog-api-key", OK.value()))
                .respond(response().withStatusCode(200).withBody("{\"candidates\":[]}", MediaType.APPLICATION_JSON));

        KeyCheckResult deep = checker().check(OK, true).join();
        KeyCheckResult cheapFailure = checker().check(INVALID, true).join();

        assertClass(deep, KeyClass.OK, "one token generated");
        assertClass(cheapFailure, KeyClass.INVALID, "invalid API key");
        upstream.verify(request().withMethod("POST").withPath(GENERATE_PATH)
                        .withHeader("x-goog-api-key", OK.value())
                        .withBody(JsonBody.json("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
                                + "\"generationConfig\":{\"maxOutputTokens\":1}}")),
                VerificationTimes.once());
        upstream.verify(request().withPath(GENERATE_PATH).withHeader("x-goog-api-key", INVALID.value()),
                VerificationTimes.never());
    }

    @Test
    void aKeyThatMayReadButNotGenerateFailsTheDeepProbe() {
        upstream.when(request().withMethod("POST").withPath(GENERATE_PATH).withHeader("x-goog-api-key", OK.value()))
                .respond(response().withStatusCode(429).withBody(ErrorBodies.PER_DAY, MediaType.APPLICATION_JSON));

        assertClass(checker().check(OK, false).join(), KeyClass.OK, "model readable");
        assertClass(checker().check(OK, true).join(), KeyClass.QUOTA_EXHAUSTED, "daily quota exhausted");
    }

    @Test
    void progressCountsEveryKeyByClass() {
        List<CheckProgress> seen = new ArrayList<>();

        checker().checkAll(List.of(OK, INVALID, OK, PER_DAY), 2, false, seen::add).join();

        assertEquals(List.of(1, 2, 3, 4), seen.stream().map(CheckProgress::done).toList());
        CheckProgress last = seen.get(3);
        assertEquals(4, last.total());
        assertEquals(java.util.Map.of(KeyClass.OK, 2, KeyClass.INVALID, 1, KeyClass.QUOTA_EXHAUSTED, 1), last.counts());
    }

    @Test
    void noKeysIsAnEmptyResult() {
        assertEquals(List.of(), checker().checkAll(List.of(), 4, false, progress -> {}).join());
    }

    private static void assertClass(KeyCheckResult result, KeyClass klass, String reason) {
        assertEquals(klass, result.klass(), result.toString() + " " + result.reason());
        assertEquals(reason, result.reason());
    }
}
