package io.github.geminibalance.gateway.faults;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream faults one class at a time, and what the key pool makes of them. */
class UpstreamFaultsIT {

    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String PROMPT = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
    private FakeUpstream upstream;
    private Gateway gateway;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        gateway = TestGateways.start(upstream.baseUrl(), Map.of("MAX_FAILURES", "3"));
    }

    @AfterEach
    void stop() {
        gateway.shutdown(Duration.ofSeconds(1));
        upstream.close();
    }

    @Test
    void everyKeyRateLimitedAtOnceKillsNoneAndTheyAllComeBackAfterTheCooldown() throws Exception {
        AtomicInteger rateLimited = new AtomicInteger(3);
        upstream.script(call -> {
            count(call);
            if (rateLimited.getAndDecrement() > 0) {
                send(call, 429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
                        + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1s\"}]}}");
            } else {
                send(call, 200, ANSWER);
            }
        });

        HttpResponse<String> limited = generate();
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertTrue(gateway.keyPool().snapshot().keys().stream().allMatch(KeyPoolSnapshot.KeyStatus::usable),
                "a rate limit kills no key: " + gateway.keyPool().snapshot());

        Thread.sleep(1_200); // the cooldown Google asked for
        for (int i = 0; i < 3; i++) {
            assertEquals(200, generate().statusCode(), "after the cooldown every key serves again");
        }
        assertEquals(List.of(2, 2, 2), List.of(calls(KEY_A), calls(KEY_B), calls(KEY_C)), "each key: one 429, one answer");
    }

    @Test
    void deadAndSuspendedKeysAmongGoodOnesAreTriedOnceAndNeverAgain() throws Exception {
        upstream.script(call -> {
            count(call);
            if (KEY_A.equals(call.key())) {
                send(call, 400, "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\","
                        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}]}}");
            } else if (KEY_B.equals(call.key())) {
                send(call, 403, "{\"error\":{\"code\":403,\"message\":\"Permission denied: Consumer has been suspended.\","
                        + "\"status\":\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                        + "\"reason\":\"CONSUMER_SUSPENDED\"}]}}");
            } else {
                send(call, 200, ANSWER);
            }
        });

        for (int i = 0; i < 20; i++) {
            assertEquals(200, generate().statusCode(), "the good key serves every call");
        }
        assertEquals(1, calls(KEY_A), "an invalid key is tried once");
        assertEquals(1, calls(KEY_B), "a suspended key is tried once");
        assertEquals(20, calls(KEY_C));
        assertEquals(List.of(KeyPoolSnapshot.Health.DEAD, KeyPoolSnapshot.Health.DEAD, KeyPoolSnapshot.Health.ACTIVE),
                gateway.keyPool().snapshot().keys().stream().map(KeyPoolSnapshot.KeyStatus::health).toList());
    }

    @Test
    void aBurstOfServerErrorsIsRetriedOnOtherKeysAndCountedNotFatal() throws Exception {
        AtomicInteger burst = new AtomicInteger(6);
        upstream.script(call -> {
            count(call);
            if (burst.getAndDecrement() > 0) {
                send(call, 500, "{\"error\":{\"code\":500,\"message\":\"Internal error\",\"status\":\"INTERNAL\"}}");
            } else {
                send(call, 200, ANSWER);
            }
        });

        HttpResponse<String> first = generate(); // three attempts, three 500s: relayed after the retries
        HttpResponse<String> second = generate(); // three more
        HttpResponse<String> third = generate(); // the burst is over

        assertEquals(List.of(500, 500, 200), List.of(first.statusCode(), second.statusCode(), third.statusCode()));
        assertTrue(first.body().contains("\"status\":\"INTERNAL\""), first.body());
        assertTrue(gateway.keyPool().snapshot().keys().stream().allMatch(KeyPoolSnapshot.KeyStatus::usable),
                "two failures each stay under MAX_FAILURES=3: " + gateway.keyPool().snapshot());
        assertEquals(List.of(0, 2, 2), gateway.keyPool().snapshot().keys().stream()
                .map(KeyPoolSnapshot.KeyStatus::failureCount).sorted().toList(),
                "each key failed twice; the one that answered is back to zero");
    }

    @Test
    void aClientThatSendsItsBodySlowlyHoldsUpNoOtherCall() throws Exception {
        upstream.script(call -> {
            count(call);
            send(call, 200, ANSWER);
        });
        byte[] body = PROMPT.getBytes(StandardCharsets.UTF_8);
        try (Socket slow = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST " + GENERATE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-goog-api-key: " + CLIENT_TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 5);
            out.flush();

            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                others.add(http.sendAsync(request(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> other : others) {
                assertEquals(200, other.get(10, TimeUnit.SECONDS).statusCode(), "served while the slow body trickles in");
            }

            for (int i = 5; i < body.length; i++) {
                out.write(body[i]);
                out.flush();
                Thread.sleep(2);
            }
            slow.setSoTimeout(10_000);
            String status = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", status, "the slow client is served too once its body is in");
        }
    }

    private HttpResponse<String> generate() throws IOException, InterruptedException {
        return http.send(request(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + GENERATE))
                .header("x-goog-api-key", CLIENT_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PROMPT)).build();
    }

    private void count(FakeUpstream.Call call) {
        callsByKey.computeIfAbsent(call.key(), key -> new AtomicInteger()).incrementAndGet();
    }

    private int calls(String key) {
        return callsByKey.getOrDefault(key, new AtomicInteger()).get();
    }

    private static void send(FakeUpstream.Call call, int status, String body) throws IOException {
        call.status(status, "application/json");
        call.send(body);
    }
}
