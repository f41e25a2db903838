package io.github.geminibalance.gateway.faults;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A thousand concurrent requests on both protocols, whole and streamed, against an upstream that
 * fails at random (seeded): rate limits (3% of calls, each cooling its key for a second, so that
 * every key is cooling at times), server errors, connections cut before the answer and in the
 * middle of a stream, slow answers, refusals, and one key Google rejects, whose error echoes the
 * key. Every response must be a success or a well-formed error in its protocol's shape; the
 * rejected key ends up dead and is never tried again; no connection stays leased and no thread is
 * left behind; and no pool key, paid key, uploader token or client token appears whole in any
 * response or log line.
 */
class ChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 424242L;
    private static final int REQUESTS = 1_000;
    private static final List<String> GOOD_KEYS = List.of(key(1), key(2), key(3), key(4));
    private static final String DEAD_KEY = key(99);
    private static final String PAID_KEY = key(77);
    private static final String UPLOADER_TOKEN = "smms-secret-token-0123456789abcdef";
    private static final String CHUNK = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"%s\"}],\"role\":\"model\"},"
            + "\"index\":0%s}]}";
    private static final String GEMINI_BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
    private final AtomicInteger upstreamCalls = new AtomicInteger();

    /** A client's call and what it got back. */
    private record Exchange(String path, boolean openAi, boolean stream, int status, String body) {}

    @Test
    void everyResponseIsAnAnswerOrAWellFormedErrorAndNothingLeaks() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        try (FakeUpstream upstream = new FakeUpstream(); CapturedLogs logs = new CapturedLogs()) {
            upstream.script(this::answerWithRandomFaults);
            List<Exchange> exchanges;
            Gateway gateway = TestGateways.start(upstream.baseUrl(), Map.of(
                    "API_KEYS", JSON.writeValueAsString(allKeys()),
                    "PAID_KEY", PAID_KEY,
                    "UPLOAD_PROVIDER", "smms",
                    "SMMS_SECRET_TOKEN", UPLOADER_TOKEN,
                    "MAX_FAILURES", "1000", // random 5xx must not take good keys out of rotation
                    "MAX_RETRIES", "3",
                    "TIME_OUT", "10"));
            try {
                exchanges = sendAll(gateway, REQUESTS, new SplittableRandom(SEED));
                exchanges.forEach(ChaosIT::assertWellFormed);

                KeyPoolSnapshot.KeyStatus dead = status(gateway, DEAD_KEY);
                assertEquals(KeyPoolSnapshot.Health.DEAD, dead.health(), "the key Google rejects is dead");
                int deadCalls = calls(DEAD_KEY);
                List<Exchange> after = sendAll(gateway, 100, new SplittableRandom(SEED + 1));
                after.forEach(ChaosIT::assertWellFormed);
                assertEquals(deadCalls, calls(DEAD_KEY), "a dead key is never tried again");
                for (String key : GOOD_KEYS) {
                    assertTrue(status(gateway, key).usable(), "a good key stays in rotation: " + status(gateway, key));
                }
                awaitNoLeasedConnection(gateway);
                exchanges = new ArrayList<>(exchanges);
                exchanges.addAll(after);
            } finally {
                gateway.shutdown(Duration.ofSeconds(1));
            }
            assertEveryOutcomeSeen(exchanges);
            assertNoSecretAnywhere(exchanges, logs.lines());
            assertTrue(logs.capturesDebug(), "the sweep reads the gateway's most detailed logs");
        }
        awaitThreads(threadsBefore);
    }

    /** What Google might do, at random: each fault class with a fixed share of the calls. */
    private void answerWithRandomFaults(FakeUpstream.Call call) throws Exception {
        upstreamCalls.incrementAndGet();
        callsByKey.computeIfAbsent(call.key(), key -> new AtomicInteger()).incrementAndGet();
        boolean stream = call.path().contains("streamGenerateContent");
        if (DEAD_KEY.equals(call.key())) {
            error(call, 400, "INVALID_ARGUMENT", "API key not valid: " + call.key(), "API_KEY_INVALID");
            return;
        }
        int draw = new SplittableRandom(SEED ^ upstreamCalls.get()).nextInt(100);
        if (draw < 60) {
            answer(call, stream);
        } else if (draw < 63) {
            call.status(429, "application/json");
            call.send("{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\","
                    + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1s\"}]}}");
        } else if (draw < 71) {
            error(call, 500, "INTERNAL", "An internal error has occurred for " + call.key(), null);
        } else if (draw < 76) {
            error(call, 503, "UNAVAILABLE", "The model is overloaded.", null);
        } else if (draw < 81) {
            call.cut();
        } else if (draw < 86) {
            if (stream) {
                call.status(200, "text/event-stream");
                call.send("data: " + CHUNK.formatted("Hello", "") + "\r\n\r\n");
                Thread.sleep(20); // the event reaches the client before the connection breaks
            }
            call.cut();
        } else if (draw < 93) {
            Thread.sleep(50);
            answer(call, stream);
        } else {
            error(call, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null);
        }
    }

    private static void answer(FakeUpstream.Call call, boolean stream) throws IOException {
        if (stream) {
            call.status(200, "text/event-stream");
            call.send("data: " + CHUNK.formatted("Hello", "") + "\r\n\r\n");
            call.send("data: " + CHUNK.formatted(" there", ",\"finishReason\":\"STOP\"") + "\r\n\r\n");
        } else {
            call.status(200, "application/json");
            call.send(CHUNK.formatted("Hello there", ",\"finishReason\":\"STOP\""));
        }
    }

    private static void error(FakeUpstream.Call call, int status, String code, String message, String reason)
            throws IOException {
        call.status(status, "application/json");
        String details = reason == null ? "" : ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"" + reason + "\",\"domain\":\"googleapis.com\"}]";
        call.send("{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + code + "\""
                + details + "}}");
    }

    /** Sends {@code count} calls at once, a random mix of the two protocols, whole and streamed. */
    private List<Exchange> sendAll(Gateway gateway, int count, SplittableRandom random) throws Exception {
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(4);
            boolean openAi = kind < 2;
            boolean stream = kind % 2 == 1;
            String path = openAi ? "/v1/chat/completions"
                    : "/v1beta/models/gemini-2.5-flash:" + (stream ? "streamGenerateContent?alt=sse" : "generateContent");
            String body = openAi
                    ? "{\"model\":\"gemini-2.5-flash\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    : GEMINI_BODY;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + CLIENT_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new Exchange(path, openAi, stream, response.statusCode(), response.body())));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static void assertWellFormed(Exchange exchange) {
        try {
            if (exchange.status() == 200 && exchange.stream()) {
                assertWellFormedStream(exchange);
            } else if (exchange.status() == 200) {
                JsonNode answer = JSON.readTree(exchange.body());
                assertTrue(answer.has(exchange.openAi() ? "choices" : "candidates"), exchange.toString());
            } else {
                assertTrue(Set.of(400, 429, 500, 502, 503, 504).contains(exchange.status()), exchange.toString());
                assertErrorShape(JSON.readTree(exchange.body()).path("error"), exchange);
            }
        } catch (IOException notJson) {
            fail("not JSON: " + exchange, notJson);
        }
    }

    /** Every event is JSON; a stream that broke off ends with one error event in the protocol's shape. */
    private static void assertWellFormedStream(Exchange exchange) throws IOException {
        List<String> events = new ArrayList<>();
        for (String event : exchange.body().split("\n\n")) {
            if (!event.isBlank()) {
                assertTrue(event.startsWith("data: "), exchange.toString());
                events.add(event.substring("data: ".length()));
            }
        }
        assertTrue(!events.isEmpty(), exchange.toString());
        if (exchange.openAi()) {
            assertEquals("[DONE]", events.get(events.size() - 1), exchange.toString());
            events = events.subList(0, events.size() - 1);
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = JSON.readTree(events.get(i));
            if (event.has("error")) {
                assertEquals(events.size() - 1, i, "an error event is the last: " + exchange);
                assertErrorShape(event.get("error"), exchange);
            }
        }
    }

    private static void assertErrorShape(JsonNode error, Exchange exchange) {
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), exchange.toString());
        assertTrue(exchange.openAi() ? error.path("type").isTextual() : error.path("status").isTextual(), exchange.toString());
    }

    /** The faults did happen: answers, rate limits, server errors and streams broken after their first event. */
    private static void assertEveryOutcomeSeen(List<Exchange> exchanges) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Exchange exchange : exchanges) {
            String outcome = exchange.status() != 200 ? Integer.toString(exchange.status())
                    : exchange.body().contains("\"error\"") ? "200, stream broken off" : "200";
            outcomes.merge(outcome, 1, Integer::sum);
        }
        for (String outcome : List.of("200", "200, stream broken off", "429")) {
            assertTrue(outcomes.containsKey(outcome), outcome + " never happened: " + outcomes);
        }
        assertTrue(outcomes.keySet().stream().anyMatch(outcome -> outcome.startsWith("5")), "no 5xx: " + outcomes);
    }

    private static void assertNoSecretAnywhere(List<Exchange> exchanges, List<String> logLines) {
        List<String> secrets = new ArrayList<>(allKeys());
        secrets.add(PAID_KEY);
        secrets.add(UPLOADER_TOKEN);
        secrets.add(CLIENT_TOKEN);
        secrets.add(ADMIN_TOKEN);
        for (String secret : secrets) {
            for (Exchange exchange : exchanges) {
                assertTrue(!exchange.body().contains(secret), "a secret in a response: " + exchange);
            }
            for (String line : logLines) {
                assertTrue(!line.contains(secret), "a secret in a log line: " + line);
            }
        }
        assertTrue(logLines.size() > REQUESTS, "the sweep saw the access log: " + logLines.size() + " lines");
    }

    private int calls(String key) {
        return callsByKey.getOrDefault(key, new AtomicInteger()).get();
    }

    private static KeyPoolSnapshot.KeyStatus status(Gateway gateway, String key) {
        return gateway.keyPool().snapshot().keys().stream()
                .filter(status -> status.key().value().equals(key)).findFirst().orElseThrow();
    }

    private static void awaitNoLeasedConnection(Gateway gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.upstream().poolStats().getLeased() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, gateway.upstream().poolStats().getLeased(), "every connection went back to the pool");
    }

    /**
     * The gateway's threads are gone once it has shut down: none is left behind by a failed call.
     * The test's own HTTP client keeps its threads for a while, and is not counted.
     */
    private static void awaitThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = threadsSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = threadsSince(before);
        }
        assertEquals(List.of(), left, "threads left behind");
    }

    private static List<String> threadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.startsWith("HttpClient-"))
                .sorted()
                .toList();
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>(GOOD_KEYS);
        keys.add(DEAD_KEY);
        return keys;
    }

    /** A key shaped like Google's (AIza and 35 more characters), so the redactor knows it for one. */
    private static String key(int number) {
        return "AIzaSyChaos%028d".formatted(number);
    }
}
