package io.github.geminibalance.gateway.protocol;

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
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import io.github.geminibalance.gateway.plugin.ExtensionSummary;
import io.github.geminibalance.gateway.plugin.PluginSummary;
import io.github.geminibalance.gateway.plugin.TestProtocolPlugins;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocols added by plugins, with MockServer standing in for Google: real plugin jars (the echo
 * protocol of {@link TestProtocolPlugins}) loaded by the gateway's plugin host, served on their
 * own paths with the pool's keys, every error in the adapter's shape.
 */
class ProtocolAdapterIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"},"
            + "{\"text\":\" there\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}]}";

    @TempDir
    static Path plugins;

    @BeforeAll
    static void installPlugins() {
        TestProtocolPlugins.echo(plugins);
        TestProtocolPlugins.crashing(plugins);
        TestProtocolPlugins.clashing(plugins);
        TestProtocolPlugins.staged(plugins);
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("PLUGINS_DIR", plugins.toString(), "SEARCH_MODELS", "[\"gemini-2.5-flash\"]",
                "FILTERED_MODELS", "[\"gemini-hidden\"]", "MAX_REQUEST_BODY_MB", "1");
    }

    @Test
    void aWholeAnswerMakesTheRoundTripWithAPoolKeyAndNeverTheClientsToken() throws Exception {
        upstream.when(request().withMethod("POST").withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(ANSWER));

        HttpResponse<String> answer = send(echo("{\"model\":\"gemini-2.5-flash\",\"text\":\"hi\"}")
                .header("X-Echo-Tag", "seen"));

        assertEquals(200, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(JSON.readTree("{\"reply\":\"Hello there\"}"), JSON.readTree(answer.body()));
        org.mockserver.model.HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(1, received.length);
        assertTrue(Set.of(KEY_A, KEY_B, KEY_C).contains(received[0].getFirstHeader("x-goog-api-key")));
        assertFalse(received[0].containsHeader("Authorization"));
        assertTrue(received[0].getQueryStringParameterList().isEmpty());
        JsonNode sent = JSON.readTree(received[0].getBodyAsString());
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]"), sent.get("contents"));
        String headersSeen = sent.at("/systemInstruction/parts/0/text").asText();
        assertTrue(headersSeen.contains("x-echo-tag"), headersSeen);
        assertFalse(headersSeen.contains("authorization"), "the adapter never sees the client's token: " + headersSeen);
        assertFalse(received[0].getBodyAsString().contains(CLIENT_TOKEN));
    }

    @Test
    void theTokenInAnthropicsXApiKeyIsAcceptedAndReachesNeitherTheAdapterNorTheUpstream() throws Exception {
        upstream.when(request().withMethod("POST").withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(ANSWER));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/echo/v1/chat")).header("x-api-key", CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")));
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/echo/v1/chat")).header("x-api-key", "not-the-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(JSON.readTree("{\"reply\":\"Hello there\"}"), JSON.readTree(answer.body()));
        assertEchoError(wrong, 401);
        org.mockserver.model.HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(1, received.length);
        assertTrue(Set.of(KEY_A, KEY_B, KEY_C).contains(received[0].getFirstHeader("x-goog-api-key")));
        assertFalse(received[0].containsHeader("x-api-key"), "the client's x-api-key never goes upstream");
        assertFalse(received[0].toString().contains(CLIENT_TOKEN), "nor the token anywhere else");
        String headersSeen = JSON.readTree(received[0].getBodyAsString()).at("/systemInstruction/parts/0/text").asText();
        assertTrue(headersSeen.contains("content-type"), headersSeen);
        assertFalse(headersSeen.contains("x-api-key"), "the adapter never sees the client's token: " + headersSeen);
    }

    @Test
    void modelSuffixesBringTheirToolsAsOnTheOtherSurfaces() throws Exception {
        upstream.when(request().withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(ANSWER));

        HttpResponse<String> answer = send(echo("{\"model\":\"gemini-2.5-flash-search\",\"text\":\"news?\"}"));

        assertEquals(200, answer.statusCode());
        JsonNode sent = JSON.readTree(upstream.retrieveRecordedRequests(null)[0].getBodyAsString());
        assertEquals(JSON.readTree("[{\"googleSearch\":{}}]"), sent.get("tools"));
    }

    @Test
    void aStreamedAnswerGoesOutAsTheAdaptersNamedEvents() throws Exception {
        upstream.when(request().withPath(STREAM).withQueryStringParameter("alt", "sse"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("Hel", "lo")));

        HttpResponse<String> answer = send(echo("{\"model\":\"gemini-2.5-flash\",\"text\":\"hi\",\"stream\":true}"));

        assertEquals(200, answer.statusCode());
        assertEquals("text/event-stream", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("""
                event: delta
                data: {"text":"Hel"}

                event: delta
                data: {"text":"lo"}

                event: done
                data: {}

                """, answer.body());
    }

    @Test
    void aConverterThatThrowsEndsTheStreamWithItsErrorEvent() throws Exception {
        upstream.when(request().withPath(STREAM))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("Hi", "BOOM", "never sent")));

        HttpResponse<String> answer = send(echo("{\"text\":\"hi\",\"stream\":true}"));

        assertEquals(200, answer.statusCode());
        assertEquals("""
                event: delta
                data: {"text":"Hi"}

                event: error
                data: {"message":"The protocol adapter failed"}

                """, answer.body());
    }

    @Test
    void prepareAndFinishWorkOnTheCallAndTheAnswerAndTheAttachmentComesBack() throws Exception {
        upstream.when(request().withMethod("POST").withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(ANSWER));

        HttpResponse<String> answer = send(post("/staged/v1/chat", "{\"text\":\"hi\"}"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(JSON.readTree("{\"reply\":\"HELLO there\",\"tag\":\"tag:hi\"}"), JSON.readTree(answer.body()));
        JsonNode sent = JSON.readTree(upstream.retrieveRecordedRequests(request().withPath(GENERATE))[0].getBodyAsString());
        assertEquals(JSON.readTree("[{\"text\":\"hi\"},{\"text\":\"prepared\"}]"), sent.at("/contents/0/parts"));
    }

    @Test
    void aRefusalFromPrepareIsRenderedWithTheAdaptersOwnDetailWithoutAnUpstreamCall() throws Exception {
        HttpResponse<String> answer = send(post("/staged/v1/chat", "{\"text\":\"refuse\"}"));

        assertEquals(409, answer.statusCode(), answer.body());
        assertEquals(JSON.readTree("{\"staged_error\":{\"message\":\"refused in prepare\",\"field\":\"text\"}}"),
                JSON.readTree(answer.body()));
        upstream.verifyZeroInteractions();
    }

    @Test
    void aStreamedCallThatWantsTheWholeAnswerIsServedFromGenerateContentThroughFinish() throws Exception {
        upstream.when(request().withMethod("POST").withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(ANSWER));

        HttpResponse<String> answer = send(post("/staged/v1/chat", "{\"text\":\"hi\",\"stream\":true,\"whole\":true}"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("text/event-stream", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("data: HELLO there\n\ndata: end\n\n", answer.body());
        assertEquals(0, upstream.retrieveRecordedRequests(request().withPath(STREAM)).length);
    }

    @Test
    void pausedEventsOfAStreamAllArriveInOrder() throws Exception {
        upstream.when(request().withPath(STREAM).withQueryStringParameter("alt", "sse"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(sse("a", "b", "c")));

        HttpResponse<String> answer = send(post("/staged/v1/chat", "{\"text\":\"hi\",\"stream\":true}"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("data: a\n\ndata: b\n\ndata: c\n\ndata: end\n\n", answer.body());
    }

    @Test
    void withoutATokenTheAnswerIs401InTheAdaptersShape() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/echo/v1/chat"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")));

        assertEchoError(answer, 401);
        upstream.verifyZeroInteractions();
    }

    @Test
    void aRequestTheAdapterRefusesGetsItsStatusInItsShapeWithoutAnUpstreamCall() throws Exception {
        HttpResponse<String> answer = send(echo("{\"model\":\"gemini-2.5-flash\"}"));

        assertEquals("text is required", assertEchoError(answer, 422));
        upstream.verifyZeroInteractions();
    }

    @Test
    void badBodiesWrongMethodsAndHiddenModelsAreAnsweredInTheAdaptersShape() throws Exception {
        assertEchoError(send(echo("{not json")), 400);
        assertEchoError(send(echo("{\"model\":\"gemini-hidden\",\"text\":\"hi\"}")), 400);
        assertEchoError(send(echo("{\"model\":\"../files\",\"text\":\"hi\"}")), 400);
        assertEchoError(declaringAnOverLimitBody("/echo/v1/chat", 1536 * 1024), 413);
        assertEchoError(send(HttpRequest.newBuilder(uri("/echo/v1/chat")).header("Authorization", "Bearer " + CLIENT_TOKEN)
                .GET()), 405);
        upstream.verifyZeroInteractions();
    }

    @Test
    void everyKeyRateLimitedGives429WithRetryAfterInTheAdaptersShape() throws Exception {
        upstream.when(request().withPath(GENERATE))
                .respond(response().withStatusCode(429).withBody(fixture("429-per-minute.json")));

        HttpResponse<String> answer = send(echo("{\"text\":\"hi\"}"));

        String message = assertEchoError(answer, 429);
        assertTrue(message.startsWith("Every API key is rate-limited for model gemini-2.5-flash"), message);
        long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 26, "Retry-After from RetryInfo: " + retryAfter);
    }

    @Test
    void anUpstreamClientErrorIsRelayedWithGooglesMessageInTheAdaptersShape() throws Exception {
        upstream.when(request().withPath(GENERATE))
                .respond(response().withStatusCode(400).withBody(fixture("400-invalid-argument.json")));

        String message = assertEchoError(send(echo("{\"text\":\"hi\"}")), 400);

        assertEquals("Invalid JSON payload received. Unknown name \"foo\": Cannot find field.", message);
    }

    @Test
    void anAdapterThatThrowsGets500InItsShapeAndTheGatewayStaysHealthy() throws Exception {
        HttpResponse<String> crashed = send(post("/crash/v1/chat", "{\"text\":\"hi\"}"));
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/health")).GET());

        assertEquals("The protocol adapter failed", assertEchoError(crashed, 500));
        assertEquals(200, health.statusCode());
        upstream.verifyZeroInteractions();
    }

    @Test
    void anAdapterClaimingATakenPathIsLeftOutAndTheRouteStaysWithItsOwner() throws Exception {
        upstream.when(request().withPath(GENERATE))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(ANSWER));

        HttpResponse<String> openAi = send(post("/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        HttpResponse<String> alpha = send(post("/clash/v1/chat", "{\"text\":\"hi\"}"));
        HttpResponse<String> beta = send(post("/clash/v1/beta", "{\"text\":\"hi\"}"));

        assertEquals(200, openAi.statusCode());
        assertEquals("Hello there", JSON.readTree(openAi.body()).at("/choices/0/message/content").asText());
        assertEquals(JSON.readTree("{\"reply\":\"Hello there\"}"), JSON.readTree(alpha.body()));
        assertEquals(404, beta.statusCode(), "a refused adapter gets none of its paths");
        PluginSummary clashing = plugin("clashing-protocols");
        assertEquals(List.of(Optional.of("alpha"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()),
                clashing.extensions().stream().map(ExtensionSummary::id).toList());
        assertEquals(Optional.of("its path /v1/chat/completions belongs to the gateway's own routes"),
                clashing.extensions().get(4).failure());
    }

    @Test
    void thePluginListShowsTheAdapter() {
        assertEquals(List.of(new ExtensionSummary(Optional.of("ProtocolAdapter"), Optional.of("echo"),
                "test.echo.EchoProtocol", Optional.empty())), plugin("echo-protocol").extensions());
    }

    private PluginSummary plugin(String id) {
        return gateway.plugins().plugins().stream().filter(plugin -> plugin.id().equals(id)).findFirst().orElseThrow();
    }

    /** Asserts an echo-protocol error with this status, and returns its message. */
    private static String assertEchoError(HttpResponse<String> answer, int status) throws IOException {
        return assertEchoError(new Answer(answer.statusCode(), answer.headers().firstValue("Content-Type").orElseThrow(),
                answer.body()), status);
    }

    private static String assertEchoError(Answer answer, int status) throws IOException {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/json", answer.contentType());
        JsonNode error = JSON.readTree(answer.body()).get("echo_error");
        assertEquals(status, error.get("status").asInt(), answer.body());
        return error.get("message").asText();
    }

    /** A response read off a plain socket. */
    private record Answer(int status, String contentType, String body) {}

    /**
     * Sends a head declaring a body of {@code length} bytes and only its start, over a plain
     * socket. The gateway refuses an over-limit body from its declared length and closes the
     * connection unread, so a client that wrote the whole body first would race the close (and
     * see a broken pipe now and then, as the JDK's client did here).
     */
    private Answer declaringAnOverLimitBody(String path, int length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + CLIENT_TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{\"text\":\"")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            String contentType = answer.substring(0, headEnd).lines()
                    .filter(line -> line.regionMatches(true, 0, "Content-Type:", 0, "Content-Type:".length()))
                    .map(line -> line.substring("Content-Type:".length()).trim())
                    .findFirst().orElse("");
            return new Answer(Integer.parseInt(answer.substring(9, 12)), contentType, answer.substring(headEnd + 4));
        }
    }

    private HttpRequest.Builder echo(String body) {
        return post("/echo/v1/chat", body);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + CLIENT_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Gemini's event stream, one chunk per text. */
    private static String sse(String... texts) {
        StringBuilder events = new StringBuilder();
        for (String text : texts) {
            events.append("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"").append(text)
                    .append("\"}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n");
        }
        return events.toString();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ProtocolAdapterIT.class.getResourceAsStream("/upstream-errors/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
