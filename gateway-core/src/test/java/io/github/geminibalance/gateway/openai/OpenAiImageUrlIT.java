package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import io.github.geminibalance.gateway.TestGateways;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code image_url} parts with an http URL: the gateway fetches the image (from a tiny server on
 * loopback here) and sends it to Gemini inline, with its real content type; URLs into private
 * networks are refused unless {@code IMAGE_FETCH_ALLOWED_NETWORKS} allows them.
 */
class OpenAiImageUrlIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT_PATH = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String OK_ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A red dot.\"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":260,\"candidatesTokenCount\":4,\"totalTokenCount\":264}}";
    /** A PNG signature and header, then bytes that are not text: what matters is that they arrive unchanged. */
    private static final byte[] PNG = png();
    private static final int HUGE_BYTES = 21 * 1024 * 1024;

    private HttpServer images;
    private ExecutorService imageThreads;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @Override
    protected Map<String, String> settings() {
        return Map.of("IMAGE_FETCH_ALLOWED_NETWORKS", "[\"127.0.0.1\"]");
    }

    @BeforeEach
    void startImageServer() throws IOException {
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imageThreads = Executors.newFixedThreadPool(4);
        images.setExecutor(imageThreads);
        images.createContext("/dot.png", exchange -> serve(exchange, 200, "image/png", PNG));
        images.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/dot.png");
            serve(exchange, 302, "text/plain", new byte[0]);
        });
        images.createContext("/moved-inside", exchange -> {
            // 127.0.0.2 is loopback too, and not among the allowed networks
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + images.getAddress().getPort() + "/dot.png");
            serve(exchange, 302, "text/plain", new byte[0]);
        });
        images.createContext("/huge.png", exchange -> {
            byte[] huge = new byte[HUGE_BYTES];
            System.arraycopy(PNG, 0, huge, 0, PNG.length);
            serve(exchange, 200, "image/png", huge);
        });
        images.start();
        upstream.when(request().withPath(CHAT_PATH))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));
    }

    @AfterEach
    void stopImageServer() throws InterruptedException {
        images.stop(0);
        imageThreads.shutdownNow();
        imageThreads.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void allowedImageUrlIsFetchedAndSentInlineWithItsContentType() throws Exception {
        HttpResponse<String> answer = chat(gateway, imageUrl("/dot.png"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("A red dot.", JSON.readTree(answer.body()).at("/choices/0/message/content").asText());
        JsonNode parts = sentParts();
        assertEquals(2, parts.size(), parts.toString());
        assertEquals("What is in this image?", parts.get(0).get("text").asText());
        assertEquals("image/png", parts.get(1).at("/inlineData/mimeType").asText());
        assertEquals(Base64.getEncoder().encodeToString(PNG), parts.get(1).at("/inlineData/data").asText());
        assertEquals(1, hits("/dot.png"));
    }

    @Test
    void withTheDefaultSettingALoopbackImageIsRefusedBeforeAnyCall() throws Exception {
        Gateway guarded = TestGateways.start(upstreamBaseUrl(), Map.of());
        try {
            HttpResponse<String> answer = chat(guarded, imageUrl("/dot.png"));

            assertEquals(400, answer.statusCode());
            JsonNode error = JSON.readTree(answer.body()).get("error");
            assertEquals("invalid_request_error", error.get("type").asText());
            assertTrue(error.get("message").asText().contains("image"), error.toString());
            assertTrue(error.get("message").asText().contains("IMAGE_FETCH_ALLOWED_NETWORKS"), error.toString());
            upstream.verifyZeroInteractions();
            assertEquals(0, hits("/dot.png"), "the guard refuses before connecting");
        } finally {
            guarded.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void codeExecutionIsNotAddedBesideAFetchedImage() throws Exception {
        Gateway withCodeExecution = TestGateways.start(upstreamBaseUrl(), Map.of(
                "IMAGE_FETCH_ALLOWED_NETWORKS", "[\"127.0.0.1\"]", "TOOLS_CODE_EXECUTION_ENABLED", "true"));
        try {
            HttpResponse<String> answer = chat(withCodeExecution, imageUrl("/dot.png"));

            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode sent = JSON.readTree(upstream.retrieveRecordedRequests(request().withPath(CHAT_PATH))[0].getBodyAsString());
            assertEquals("image/png", sent.at("/contents/0/parts/1/inlineData/mimeType").asText());
            assertFalse(sent.has("tools"), "Gemini refuses code execution beside media: " + sent.get("tools"));
        } finally {
            withCodeExecution.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRedirectIsFollowedToTheImage() throws Exception {
        HttpResponse<String> answer = chat(gateway, imageUrl("/moved"));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode inline = sentParts().get(1).get("inlineData");
        assertEquals("image/png", inline.get("mimeType").asText());
        assertEquals(Base64.getEncoder().encodeToString(PNG), inline.get("data").asText());
        assertEquals(1, hits("/moved"));
        assertEquals(1, hits("/dot.png"));
    }

    @Test
    void aRedirectIntoANetworkNotAllowedIsRefused() throws Exception {
        HttpResponse<String> answer = chat(gateway, imageUrl("/moved-inside"));

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("IMAGE_FETCH_ALLOWED_NETWORKS"), answer.body());
        assertEquals(1, hits("/moved-inside"));
        assertEquals(0, hits("/dot.png"), "the redirect's target is checked before connecting");
        upstream.verifyZeroInteractions();
    }

    @Test
    void anImageAboveTheSizeCapIsRefused() throws Exception {
        HttpResponse<String> answer = chat(gateway, imageUrl("/huge.png"));

        assertEquals(400, answer.statusCode());
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("larger than 20 MiB"), error.toString());
        upstream.verifyZeroInteractions();
    }

    // ---------------------------------------------------------------- helpers

    private String imageUrl(String path) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + path;
    }

    private HttpResponse<String> chat(Gateway target, String imageUrl) throws Exception {
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is in this image?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + imageUrl + "\"}}]}]}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode sentParts() throws IOException {
        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(request().withPath(CHAT_PATH));
        assertEquals(1, sent.length);
        JsonNode contents = JSON.readTree(sent[0].getBodyAsString()).get("contents");
        assertEquals(1, contents.size(), contents.toString());
        return contents.get(0).get("parts");
    }

    private int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    private void serve(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        hits.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException gatewayHungUp) {
            // the gateway stops reading an image that is too large
        }
    }

    private static byte[] png() {
        byte[] bytes = new byte[300];
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(header, 0, bytes, 0, header.length);
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + 11);
        }
        return bytes;
    }
}
