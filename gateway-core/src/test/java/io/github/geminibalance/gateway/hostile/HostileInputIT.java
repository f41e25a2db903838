package io.github.geminibalance.gateway.hostile;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies, headers and paths on every route family, sent over a raw socket: each gets a
 * clean 4xx in its protocol's error shape (an error with a message, never a stack trace), no
 * upstream call is made, and the gateway answers {@code /health} afterwards.
 */
class HostileInputIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_LIMIT_MB = 1;

    /** A route family: a path that takes a JSON body with POST, and whose errors are OpenAI's or Google's. */
    private record Route(String path, boolean openAi) {
        @Override
        public String toString() {
            return path;
        }
    }

    /** A body no route can use, with why. */
    private record BadBody(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route("/v1/chat/completions", true),
            new Route("/hf/v1/chat/completions", true),
            new Route("/v1/embeddings", true),
            new Route("/v1/images/generations", true),
            new Route("/v1beta/models/gemini-2.5-flash:generateContent", false),
            new Route("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", false),
            new Route("/gemini/v1beta/models/gemini-2.5-flash:countTokens", false),
            new Route("/v1/models/gemini-2.5-flash:embedContent", false));

    @Override
    protected Map<String, String> settings() {
        return Map.of("MAX_REQUEST_BODY_MB", Integer.toString(BODY_LIMIT_MB),
                "SEARCH_MODELS", "[\"gemini-2.5-flash\"]", "THINKING_MODELS", "[\"gemini-2.5-flash\"]");
    }

    static Stream<Arguments> badBodiesOnEveryRoute() {
        List<BadBody> bodies = List.of(
                new BadBody("truncated JSON", bytes("{\"model\":\"gemini-2.5-flash\",\"messages\":[")),
                new BadBody("not JSON at all", bytes("model=gemini&prompt=hi")),
                new BadBody("a JSON array, not an object", bytes("[{\"role\":\"user\"}]")),
                new BadBody("a bare string", bytes("\"hello\"")),
                new BadBody("nested 100,000 levels", bytes("[".repeat(100_000) + "]".repeat(100_000))),
                new BadBody("invalid UTF-8 in a string", invalidUtf8()),
                new BadBody("an empty body", new byte[0]));
        List<Arguments> cases = new ArrayList<>();
        for (Route route : ROUTES) {
            for (BadBody body : bodies) {
                cases.add(Arguments.of(route, body));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void badBodiesOnEveryRoute(Route route, BadBody body) throws Exception {
        RawHttp.Response answer = post(route.path(), body.bytes());

        assertCleanRefusal(answer, route.openAi(), 400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aBodyOverTheLimitIs413(Route route) throws Exception {
        byte[] huge = ("{\"prompt\":\"" + "x".repeat(BODY_LIMIT_MB * 1024 * 1024 + 1) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);

        assertCleanRefusal(post(route.path(), huge), route.openAi(), 413);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void wrongFieldTypesAreRefusedOrRelayedNeverAServerError(Route route) throws Exception {
        // Google checks the fields of native calls, which the gateway passes on, and refuses these.
        upstream.when(request()).respond(json(400, "{\"error\":{\"code\":400,\"message\":\"Invalid value at "
                + "'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), \\\"hi\\\"\","
                + "\"status\":\"INVALID_ARGUMENT\"}}"));
        RawHttp.Response answer = post(route.path(), bytes(
                "{\"model\":5,\"messages\":\"hi\",\"input\":{},\"prompt\":[],\"n\":\"many\",\"contents\":\"hi\","
                        + "\"generationConfig\":[],\"tools\":\"all\",\"cachedContent\":7}"));

        assertEquals(400, answer.status(), answer.body());
        assertErrorShape(answer, route.openAi());
        if (route.openAi()) {
            upstream.verifyZeroInteractions(); // the OpenAI surface checks the fields itself
        }
    }

    static Stream<Arguments> fieldsOfTheWrongTypeWhereTheGatewayWrites() {
        return Stream.of(
                Arguments.of("gemini-2.5-flash-non-thinking", "{\"contents\":[],\"generationConfig\":\"fast\"}"),
                Arguments.of("gemini-2.5-flash-non-thinking", "{\"contents\":[],\"generationConfig\":{\"thinkingConfig\":7}}"),
                Arguments.of("gemini-2.5-flash-search", "{\"contents\":[],\"tools\":\"all\"}"));
    }

    /** Found by {@link RequestParsersFuzzTest}: these were 500s when the gateway wrote into them. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void fieldsOfTheWrongTypeWhereTheGatewayWrites(String model, String body) throws Exception {
        upstream.when(request()).respond(json(400, "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\","
                + "\"status\":\"INVALID_ARGUMENT\"}}"));

        RawHttp.Response answer = post("/v1beta/models/" + model + ":generateContent", bytes(body));

        assertEquals(400, answer.status(), answer.body());
        assertErrorShape(answer, false);
        assertEquals(JSON.readTree(body), JSON.readTree(onlyUpstreamRequest().getBodyAsString()), "passed on as sent");
    }

    static Stream<Route> routes() {
        return ROUTES.stream();
    }

    static Stream<String> oddPaths() {
        return Stream.of(
                "/v1beta/models/../../admin:generateContent",
                "/v1beta/models/%2e%2e/%2e%2e/v1/keys/list",
                "/v1beta/models/gemini%2F..%2Fx:generateContent",
                "/v1beta/models/gem%0D%0Aini:generateContent",
                "/v1beta/models/gemini%00:generateContent",
                "/v1beta/models/:generateContent",
                "/v1beta/models/gemini-2.5-flash:",
                "/v1beta/files/..%2F..%2Fsecrets",
                "/v1beta//files",
                "/v1/chat/completions/../../v1beta/models",
                "/gemini/v1beta/models/" + "a".repeat(300) + ":generateContent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void oddPaths(String path) throws Exception {
        RawHttp.Response answer = post(path, bytes("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"));

        assertTrue(answer.status() >= 400 && answer.status() < 500, path + " -> " + answer.status() + " " + answer.body());
        if (!answer.body().isEmpty()) {
            assertErrorShape(answer, path.startsWith("/v1/chat"));
        }
        upstream.verifyZeroInteractions();
    }

    @Test
    void aCarriageReturnInTheRequestLineIsRefusedByTheParser() throws Exception {
        RawHttp.Response answer = RawHttp.send(gateway.port(),
                "POST /v1beta/models/gem\rini:generateContent HTTP/1.1\r\nHost: localhost\r\n", bytes("{}"));

        assertEquals(400, answer.status());
        upstream.verifyZeroInteractions();
    }

    @Test
    void tooManyHeadersAreRefused() throws Exception {
        StringBuilder head = new StringBuilder(requestLine("/v1/chat/completions"));
        for (int i = 0; i < 500; i++) {
            head.append("X-Filler-").append(i).append(": x\r\n");
        }

        assertTrue(RawHttp.send(gateway.port(), head.toString(), bytes("{}")).status() >= 400);
        upstream.verifyZeroInteractions();
    }

    @Test
    void aHeaderLargerThanTheLimitIsRefused() throws Exception {
        String head = requestLine("/v1/chat/completions") + "X-Huge: " + "y".repeat(100 * 1024) + "\r\n";

        assertTrue(RawHttp.send(gateway.port(), head, bytes("{}")).status() >= 400);
        upstream.verifyZeroInteractions();
    }

    @AfterEach
    void theGatewayStaysHealthy() throws IOException {
        RawHttp.Response health = RawHttp.send(gateway.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n", new byte[0]);
        assertEquals(200, health.status(), "the gateway answers after the hostile request");
    }

    private RawHttp.Response post(String path, byte[] body) throws IOException {
        return RawHttp.send(gateway.port(), requestLine(path) + "Content-Type: application/json\r\n", body);
    }

    private static String requestLine(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + CLIENT_TOKEN + "\r\n";
    }

    private static void assertCleanRefusal(RawHttp.Response answer, boolean openAi, int status) throws IOException {
        assertEquals(status, answer.status(), answer.body());
        assertErrorShape(answer, openAi);
        upstream.verifyZeroInteractions();
    }

    /** OpenAI's {@code {"error":{"message","type"}}} or Google's {@code {"error":{"code","message","status"}}}, with no stack trace. */
    private static void assertErrorShape(RawHttp.Response answer, boolean openAi) throws IOException {
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), answer.body());
        if (openAi) {
            assertTrue(error.path("type").isTextual(), "OpenAI's shape: " + answer.body());
        } else {
            assertEquals(answer.status(), error.path("code").asInt(), "Google's shape: " + answer.body());
            assertTrue(error.path("status").isTextual(), "Google's shape: " + answer.body());
        }
        assertTrue(!answer.body().contains("\tat ") && !answer.body().contains("Exception"), "no stack trace: " + answer.body());
    }

    private static byte[] invalidUtf8() {
        byte[] start = bytes("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"");
        byte[] end = bytes("\"}],\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"input\":\"x\",\"prompt\":\"x\"}");
        byte[] body = new byte[start.length + 3 + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        body[start.length] = (byte) 0xC3;
        body[start.length + 1] = (byte) 0x28; // not a continuation byte
        body[start.length + 2] = (byte) 0xFF; // never valid in UTF-8
        System.arraycopy(end, 0, body, start.length + 3, end.length);
        return body;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
