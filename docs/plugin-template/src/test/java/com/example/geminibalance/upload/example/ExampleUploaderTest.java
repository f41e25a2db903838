package com.example.geminibalance.upload.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.http.HttpTransport;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ExampleUploader} against a tiny HTTP server on 127.0.0.1 standing in for the image host. */
class ExampleUploaderTest {

    private static final String TOKEN = "example-token-7c1e";
    /** A PNG signature and then bytes a text-minded encoder would damage. */
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff};
    private static final ImageUpload UPLOAD = new ImageUpload(IMAGE, "image/png", "2026/11/26/cat.png");

    /** What the image host received. */
    record Received(String method, String path, String authorization, String contentType, byte[] body) {}

    private HttpServer host;
    private final AtomicReference<Received> received = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    @BeforeEach
    void startTheImageHost() throws IOException {
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/api/upload", exchange -> {
            received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            byte[] json = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        host.start();
    }

    @AfterEach
    void stopTheImageHost() {
        host.stop(0);
    }

    @Test
    void postsTheImageAsAFileFieldWithTheTokenAndReturnsTheUrl() throws Exception {
        answer = "{\"url\":\"https://img.example.com/i/cat.png\"}";

        URI url = new ExampleUploader().upload(UPLOAD, context(settings())).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create("https://img.example.com/i/cat.png"), url);
        Received request = received.get();
        assertEquals("POST", request.method());
        assertEquals("/api/upload", request.path());
        assertEquals("Bearer " + TOKEN, request.authorization());
        assertTrue(request.contentType().startsWith("multipart/form-data; boundary="), request.contentType());
        String boundary = request.contentType().substring("multipart/form-data; boundary=".length());
        String expected = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"2026/11/26/cat.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n"
                + new String(IMAGE, StandardCharsets.ISO_8859_1) + "\r\n"
                + "--" + boundary + "--\r\n";
        assertEquals(expected, new String(request.body(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void anErrorAnswerFailsWithTheHostsMessageButNeverTheToken() {
        status = 401;
        answer = "{\"error\":\"token " + TOKEN + " is not valid\"}";

        UploadException failure = failure(settings());

        assertEquals("the example image host answered HTTP 401: token [redacted] is not valid", failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN));
    }

    @Test
    void aSuccessWithoutAUrlFails() {
        answer = "{\"id\":42}";

        assertEquals("the example image host answered without a usable URL in url: (none)",
                failure(settings()).getMessage());
    }

    @Test
    void withoutItsSettingsItSendsNothing() {
        UploadException failure = failure(Map.of("EXAMPLE_UPLOAD_URL", url()));

        assertEquals("the example image host is not configured: set EXAMPLE_UPLOAD_TOKEN", failure.getMessage());
        assertNull(received.get());
    }

    @Test
    void declaresItsProviderAndSettings() {
        ExampleUploader uploader = new ExampleUploader();
        assertEquals("example", uploader.provider());
        assertEquals(List.of("EXAMPLE_UPLOAD_URL", "EXAMPLE_UPLOAD_TOKEN"), uploader.settingNames());
        assertTrue(uploader.isConfigured(settingsOf(settings())));
        assertFalse(uploader.isConfigured(settingsOf(Map.of("EXAMPLE_UPLOAD_TOKEN", TOKEN))));
    }

    private String url() {
        return "http://127.0.0.1:" + host.getAddress().getPort() + "/api/upload";
    }

    private Map<String, String> settings() {
        return Map.of("EXAMPLE_UPLOAD_URL", url(), "EXAMPLE_UPLOAD_TOKEN", TOKEN);
    }

    private static UploadException failure(Map<String, String> settings) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> new ExampleUploader().upload(UPLOAD, context(settings)).get(10, TimeUnit.SECONDS));
        return assertInstanceOf(UploadException.class, thrown.getCause());
    }

    /** What the gateway hands the uploader, built from plain test parts. */
    private static PluginContext context(Map<String, String> settings) {
        return new TestContext(settingsOf(settings), new JdkHttpTransport(), new ObjectMapper());
    }

    private static PluginSettings settingsOf(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name)).filter(value -> !value.isBlank());
    }

    record TestContext(PluginSettings settings, HttpTransport http, ObjectMapper json) implements PluginContext {}
}
