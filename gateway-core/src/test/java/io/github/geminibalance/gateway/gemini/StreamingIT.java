package io.github.geminibalance.gateway.gemini;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.RawEvents;
import io.github.geminibalance.gateway.TestGateways;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streaming end to end, against an upstream that writes events with pauses and breaks off. */
class StreamingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}],\"role\":\"user\"}]}";
    private static final String STREAM_PATH = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeUpstream upstream;
    private Gateway gateway;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        gateway = TestGateways.start(upstream.baseUrl(), Map.of("TIME_OUT", "3"));
    }

    @AfterEach
    void stop() {
        gateway.shutdown(Duration.ofSeconds(1));
        upstream.close();
    }

    @Test
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        CountDownLatch clientHasFirstEvent = new CountDownLatch(1);
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: " + chunk("Hel") + "\r\n\r\n");
            if (!clientHasFirstEvent.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first event never reached the client");
            }
            call.send("data: " + chunk("lo") + "\r\n\r\n");
            call.send("data: " + chunk(" world")); // Google's last event may lack its blank line
        });

        HttpResponse<InputStream> response = openStream(STREAM_PATH);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        try (InputStream body = response.body()) {
            String first = RawEvents.readEvent(body);
            clientHasFirstEvent.countDown();
            List<String> events = new ArrayList<>(List.of(first));
            for (String event = RawEvents.readEvent(body); event != null; event = RawEvents.readEvent(body)) {
                events.add(event);
            }
            assertEquals(List.of("data: " + chunk("Hel") + "\n\n", "data: " + chunk("lo") + "\n\n",
                    "data: " + chunk(" world") + "\n\n"), events, "every event re-framed, each with its blank line");
        }
    }

    @Test
    void failureBeforeTheFirstEventFailsOverToTheNextKey() throws Exception {
        upstream.script(call -> {
            if (call.key().equals(KEY_A)) {
                call.status(200, "text/event-stream");
                call.send(": warming up\n\n"); // a comment is not an event: nothing is committed yet
                call.cut();
                return;
            }
            call.status(200, "text/event-stream");
            call.send("data: " + chunk("fine") + "\n\n");
        });

        HttpResponse<InputStream> response = openStream(STREAM_PATH);
        try (InputStream body = response.body()) {
            assertEquals(200, response.statusCode());
            assertEquals("data: " + chunk("fine") + "\n\n", RawEvents.readEvent(body));
            assertEquals(null, RawEvents.readEvent(body));
        }
        assertEquals(2, upstream.requests());
    }

    @Test
    void failureAfterTheFirstEventEndsTheStreamWithAnErrorEvent() throws Exception {
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            call.send("data: " + chunk("partial") + "\n\n");
            Thread.sleep(100);
            call.cut();
        });

        HttpResponse<InputStream> response = openStream(STREAM_PATH);
        try (InputStream body = response.body()) {
            assertEquals("data: " + chunk("partial") + "\n\n", RawEvents.readEvent(body));
            String error = RawEvents.readEvent(body);
            assertTrue(error.startsWith("data: ") && error.endsWith("\n\n"), error);
            JsonNode payload = JSON.readTree(error.substring("data: ".length()).trim()).get("error");
            assertEquals(502, payload.get("code").asInt());
            assertEquals("UNAVAILABLE", payload.get("status").asText());
            assertEquals(null, RawEvents.readEvent(body), "the stream ends after the error event");
        }
        assertEquals(1, upstream.requests(), "no retry once the client has seen an event");
    }

    @Test
    void clientThatHangsUpCancelsTheUpstreamCall() throws Exception {
        CountDownLatch upstreamNoticed = new CountDownLatch(1);
        upstream.script(call -> {
            call.status(200, "text/event-stream");
            try {
                for (int i = 0; i < 200; i++) {
                    call.send("data: " + chunk("tick " + i) + "\n\n");
                    Thread.sleep(25);
                }
            } catch (IOException hungUp) {
                upstreamNoticed.countDown();
            }
        });

        // A raw socket, so that hanging up is exactly a TCP close and nothing else.
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5_000);
            byte[] prompt = PROMPT.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + STREAM_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "x-goog-api-key: " + CLIENT_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + prompt.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(prompt);
            String firstEvent = RawEvents.readEvent(socket.getInputStream()); // the HTTP head, then the first event
            assertTrue(firstEvent.startsWith("HTTP/1.1 200"), firstEvent);
            assertTrue(firstEvent.contains("tick 0"), firstEvent);
        }
        assertTrue(upstreamNoticed.await(5, TimeUnit.SECONDS), "the upstream call was cancelled");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.upstream().poolStats().getLeased() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, gateway.upstream().poolStats().getLeased(), "no connection is left leased");
    }

    @Test
    void withoutAltSseTheJsonArrayIsRelayedAsItStreams() throws Exception {
        String array = "[" + chunk("a") + ",\r\n" + chunk("b") + "]";
        upstream.script(call -> {
            call.status(200, "application/json; charset=UTF-8");
            call.send(array.substring(0, 10));
            Thread.sleep(50);
            call.send(array.substring(10));
        });

        HttpResponse<String> response = http.send(post("/v1beta/models/gemini-2.5-flash:streamGenerateContent").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(array, response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void upstreamThatNeverAnswersTimesOutAndTheNextKeyServes() throws Exception {
        upstream.script(call -> {
            if (call.key().equals(KEY_A)) {
                Thread.sleep(4_000); // longer than TIME_OUT=3
                return;
            }
            call.status(200, "text/event-stream");
            call.send("data: " + chunk("late but fine") + "\n\n");
        });

        HttpResponse<InputStream> response = openStream(STREAM_PATH);
        try (InputStream body = response.body()) {
            assertEquals("data: " + chunk("late but fine") + "\n\n", RawEvents.readEvent(body));
        }
        assertEquals(1, gateway.keyPool().snapshot().keys().get(0).failureCount(), "the silent key counts a failure");
    }

    private HttpResponse<InputStream> openStream(String path) throws Exception {
        return http.send(post(path).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(15))
                .header("x-goog-api-key", CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PROMPT));
    }

    private static String chunk(String text) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"}}]}";
    }
}
