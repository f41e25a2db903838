package io.github.geminibalance.gateway.metrics;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.check.ErrorBodies;
import io.github.geminibalance.gateway.keys.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} of a real gateway after real requests, read as Prometheus reads it. The
 * upstream rate-limits KEY_A for an hour, rejects KEY_C as invalid and answers with KEY_B.
 */
class MetricsIT {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";
    private static final String STREAM = "/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse";
    private static final String GENERATE_ROUTE = "/v1beta/models/{model}:generateContent";
    private static final String STREAM_ROUTE = "/v1beta/models/{model}:streamGenerateContent";
    private static final String PROMPT = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
    private static final String USAGE = "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":5,\"totalTokenCount\":8}";
    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}],\"role\":\"model\"},"
            + "\"finishReason\":\"STOP\"}]," + USAGE + "}";

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeUpstream upstream;
    private Gateway gateway;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        upstream.script(call -> {
            if (KEY_A.equals(call.key())) {
                call.status(429, "application/json");
                call.send(ErrorBodies.FOR_AN_HOUR);
            } else if (KEY_C.equals(call.key())) {
                call.status(400, "application/json");
                call.send(ErrorBodies.INVALID);
            } else if (call.path().endsWith(":streamGenerateContent")) {
                call.status(200, "text/event-stream");
                call.send("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":\"model\"}}]}\r\n\r\n");
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
    void aScrapeShowsRequestsAttemptsKeysStreamsAndTheJvm() throws Exception {
        gateway = TestGateways.start(upstream.baseUrl(), Map.of());
        PrometheusText before = scrape(Map.of());
        assertEquals(3, before.valueOf("gemini_balance_keys", "state", "active"));
        assertTrue(before.value("gemini_balance_keys_usable", "model", MODEL).isEmpty(), "no key has cooled yet");

        for (int i = 0; i < 3; i++) {
            assertEquals(200, call(GENERATE).statusCode());
        }
        HttpResponse<String> stream = call(STREAM);
        assertEquals(200, stream.statusCode());
        String text = scrapeOnceSettled(4);
        PrometheusText after = PrometheusText.parse(text);

        // Requests by route, model and status; /metrics itself is no API request.
        assertEquals(3, after.valueOf("gemini_balance_requests_total", "route", GENERATE_ROUTE, "model", MODEL, "status", "200"));
        assertEquals(1, after.valueOf("gemini_balance_requests_total", "route", STREAM_ROUTE, "model", MODEL, "status", "200"));
        assertEquals(4, after.sum("gemini_balance_requests_total"), "scrapes are not counted");
        assertEquals(3, after.valueOf("gemini_balance_request_duration_seconds_count", "route", GENERATE_ROUTE));
        assertEquals(3, after.valueOf("gemini_balance_request_duration_seconds_bucket", "route", GENERATE_ROUTE, "le", "+Inf"));

        // Each key was tried once before it left: KEY_A cooled and KEY_C died, each answered by a retry on KEY_B.
        assertEquals(4, after.valueOf("gemini_balance_upstream_attempts_total", "outcome", "success"));
        assertEquals(1, after.valueOf("gemini_balance_upstream_attempts_total", "outcome", "cooling"));
        assertEquals(1, after.valueOf("gemini_balance_upstream_attempts_total", "outcome", "dead"));
        assertEquals(2, after.valueOf("gemini_balance_retries_total"));
        assertEquals(4, after.valueOf("gemini_balance_key_attempts_total", "key", fingerprint(KEY_B), "outcome", "success"));
        assertEquals(1, after.valueOf("gemini_balance_key_attempts_total", "key", fingerprint(KEY_A), "outcome", "cooling"));
        assertEquals(1, after.valueOf("gemini_balance_key_attempts_total", "key", fingerprint(KEY_C), "outcome", "dead"));

        // Keys by state and the capacity left for the model.
        assertEquals(2, after.valueOf("gemini_balance_keys", "state", "active"));
        assertEquals(1, after.valueOf("gemini_balance_keys", "state", "dead"));
        assertEquals(0, after.valueOf("gemini_balance_keys", "state", "failing"));
        assertEquals(1, after.valueOf("gemini_balance_keys_cooling", "model", MODEL));
        assertEquals(0, after.valueOf("gemini_balance_keys_exhausted", "model", MODEL));
        assertEquals(1, after.valueOf("gemini_balance_keys_usable", "model", MODEL));

        // The stream: its length and its bytes.
        assertEquals(1, after.valueOf("gemini_balance_stream_duration_seconds_count", "route", STREAM_ROUTE));
        assertEquals(1, after.valueOf("gemini_balance_stream_bytes_count", "route", STREAM_ROUTE));
        assertTrue(after.valueOf("gemini_balance_stream_bytes_sum", "route", STREAM_ROUTE) >= stream.body().length(),
                () -> "bytes counted: " + after.valueOf("gemini_balance_stream_bytes_sum", "route", STREAM_ROUTE));
        assertTrue(after.value("gemini_balance_request_duration_seconds_count", "route", STREAM_ROUTE).isEmpty(),
                "a stream's length is not a request duration");

        // Tokens the answers reported (the stream's last event carries its usage).
        assertEquals(4 * 3, after.valueOf("gemini_balance_tokens_total", "model", MODEL, "kind", "prompt"));
        assertEquals(4 * 5, after.valueOf("gemini_balance_tokens_total", "model", MODEL, "kind", "completion"));

        // Connection pools, persistence and the JVM.
        assertTrue(after.valueOf("gemini_balance_http_client_connections_max", "client", "upstream") > 0);
        assertEquals(0, after.valueOf("gemini_balance_http_client_connections", "client", "upstream", "state", "leased"));
        assertTrue(after.valueOf("gemini_balance_http_client_connections", "client", "upstream", "state", "available") >= 1,
                "the connection to the fake upstream is kept alive");
        assertEquals(0, after.valueOf("gemini_balance_http_client_pending", "client", "upstream"));
        assertEquals(0, after.valueOf("gemini_balance_persistence_degraded", "store", "key_states"));
        assertTrue(after.sum("jvm_memory_used_bytes", "area", "heap") > 0);
        assertTrue(after.valueOf("jvm_threads_live_threads") > 0);
        assertTrue(after.valueOf("process_uptime_seconds") > 0);
        assertTrue(after.valueOf("process_files_open_files") > 0);
        assertTrue(after.value("jvm_classes_loaded_classes").isPresent());
        assertTrue(after.value("system_cpu_count").isPresent());

        // Keys appear as fingerprints only.
        for (String key : List.of(KEY_A, KEY_B, KEY_C)) {
            assertFalse(text.contains(key), "a whole key in the scrape");
            assertFalse(text.contains(key.substring(6, key.length() - 4)), "the hidden middle of a key in the scrape");
        }
    }

    @Test
    void theMetricsTokenGuardsTheScrapeWhenSet() throws Exception {
        String token = "metrics-token-0123456789";
        gateway = TestGateways.start(upstream.baseUrl(), Map.of("METRICS_TOKEN", token));

        HttpResponse<String> none = get(Map.of());
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(none.body().contains("\"error\""), "an error in OpenAI's shape: " + none.body());
        assertEquals(401, get(bearer("metrics-token-0123456780")).statusCode(), "a wrong token");
        assertEquals(401, get(bearer(CLIENT_TOKEN)).statusCode(), "a client token is not enough");
        assertEquals(401, get(Map.of("x-goog-api-key", token)).statusCode(), "only as a bearer token");

        HttpResponse<String> scrape = get(bearer(token));
        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(PrometheusText.parse(scrape.body()).value("gemini_balance_keys", "state", "active").isPresent());
        assertEquals(200, get(bearer(ADMIN_TOKEN)).statusCode(), "the admin token opens everything");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void withoutAMetricsTokenTheScrapeIsOpen() throws Exception {
        gateway = TestGateways.start(upstream.baseUrl(), Map.of());

        assertEquals(200, get(Map.of()).statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(uri("/metrics")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private HttpResponse<String> call(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path))
                .header("x-goog-api-key", CLIENT_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PROMPT)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The scrape once {@code requests} requests are counted and the JVM's meters are bound: a
     * request is counted when its exchange ends, which may come a moment after the client has read
     * the last byte, and the JVM's meters are bound just after start, off the start-up path.
     */
    private String scrapeOnceSettled(int requests) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String text = scrapeText(Map.of());
        while (!settled(PrometheusText.parse(text), requests) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            text = scrapeText(Map.of());
        }
        return text;
    }

    private static boolean settled(PrometheusText scrape, int requests) {
        return scrape.sum("gemini_balance_requests_total") >= requests && scrape.value("jvm_threads_live_threads").isPresent();
    }

    private PrometheusText scrape(Map<String, String> headers) throws IOException, InterruptedException {
        return PrometheusText.parse(scrapeText(headers));
    }

    private String scrapeText(Map<String, String> headers) throws IOException, InterruptedException {
        HttpResponse<String> response = get(headers);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private HttpResponse<String> get(Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/metrics")).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String fingerprint(String key) {
        return ApiKey.of(key).fingerprint();
    }
}
