package io.github.geminibalance.gateway;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shutdown drains: running streams finish, new requests are turned away, the wait is bounded. */
class GracefulShutdownIT {

    private static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeUpstream upstream = new FakeUpstream();

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aRunningStreamFinishesWhileNewRequestsGet503() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: {\"n\":1}\n\n");
            streaming.countDown();
            mayFinish.await(10, TimeUnit.SECONDS);
            call.send("data: {\"n\":2}\n\n");
        });
        Gateway gateway = TestGateways.start(upstream.baseUrl(), Map.of());
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(post(gateway, STREAM), HttpResponse.BodyHandlers.ofString());
        assertTrue(streaming.await(5, TimeUnit.SECONDS));

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> gateway.shutdown(Duration.ofSeconds(10)));
        HttpResponse<String> turnedAway = awaitNot200(gateway);
        mayFinish.countDown();

        assertEquals(503, turnedAway.statusCode());
        assertTrue(drained.get(10, TimeUnit.SECONDS), "every request finished within the drain time");
        HttpResponse<String> finished = stream.get(5, TimeUnit.SECONDS);
        assertEquals("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n", finished.body());
    }

    @Test
    void theDrainTimeBoundsTheWait() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch testDone = new CountDownLatch(1);
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: {\"n\":1}\n\n");
            streaming.countDown();
            testDone.await(20, TimeUnit.SECONDS); // a stream that would outlast any drain time
        });
        Gateway gateway = TestGateways.start(upstream.baseUrl(), Map.of("TIME_OUT", "30"));
        http.sendAsync(post(gateway, STREAM), HttpResponse.BodyHandlers.ofString());
        assertTrue(streaming.await(5, TimeUnit.SECONDS));

        long start = System.nanoTime();
        boolean drained = gateway.shutdown(Duration.ofMillis(500));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        testDone.countDown();
        assertFalse(drained);
        assertTrue(tookMillis < 5_000, "shutdown took " + tookMillis + " ms");
    }

    /** Polls until the gateway stops answering 200 on a fresh request (it is shutting down). */
    private HttpResponse<String> awaitNot200(Gateway gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(10);
        }
    }

    private static HttpRequest post(Gateway gateway, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("x-goog-api-key", CLIENT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[]}"))
                .build();
    }
}
