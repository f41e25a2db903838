package io.github.geminibalance.plugins.upload.picgo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.plugin.HostPluginContext;
import io.github.geminibalance.gateway.plugin.PluginHttpTransport;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.Delay;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.MediaType;

/** {@link PicgoUploader} against MockServer standing in for a Chevereto host, through the gateway's real transport. */
class PicgoUploaderTest {

    private static final String KEY = "chv_picgo_key_7b1e0d";
    private static final String PATH = "/api/1/upload";
    /** A PNG signature, then bytes that a text-minded encoder would damage: CR LF, NUL, 0xFF, a boundary-like run. */
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff,
            '-', '-', '\r', '\n', (byte) 0xc3, (byte) 0xa9, 42};
    private static final ImageUpload UPLOAD = new ImageUpload(IMAGE, "image/png", "2026/11/26/3fa2c1d9.png");

    private static ClientAndServer picgo;
    private static UpstreamClient client;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void start() {
        ConfigurationProperties.logLevel("WARN");
        picgo = ClientAndServer.startClientAndServer(0);
        client = new UpstreamClient(Duration.ofSeconds(5), 8);
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        picgo.stop();
        client.close();
        timer.shutdownNow();
    }

    @BeforeEach
    void reset() {
        picgo.reset();
    }

    @Test
    void sendsTheImageAsSourceWithTheKeyAndReturnsImageUrl() throws Exception {
        answer(200, """
                {"status_code":200,"success":{"message":"image uploaded","code":200},
                 "image":{"name":"3fa2c1d9","extension":"png","url":"https://www.picgo.net/images/2026/11/26/3fa2c1d9.png",
                          "delete_url":"https://www.picgo.net/image/abc/delete/xyz"},
                 "status_txt":"OK"}""");

        URI url = new PicgoUploader().upload(UPLOAD, context(Map.of())).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create("https://www.picgo.net/images/2026/11/26/3fa2c1d9.png"), url);
        HttpRequest sent = onlyRequest();
        assertEquals("POST", sent.getMethod().getValue());
        assertEquals(PATH, sent.getPath().getValue());
        assertTrue(sent.getQueryStringParameterList().isEmpty(), "the key never goes into the URL");
        assertEquals(KEY, sent.getFirstHeader("X-API-Key"));
        assertFalse(sent.containsHeader("Authorization"));
        List<Part> parts = parts(sent);
        assertEquals(1, parts.size());
        Part file = parts.get(0);
        assertEquals("source", file.name());
        assertEquals("2026/11/26/3fa2c1d9.png", file.fileName());
        assertEquals("image/png", file.contentType());
        assertArrayEquals(IMAGE, file.data());
    }

    @Test
    void sendsTheImagesRealContentType() throws Exception {
        answer(200, "{\"status_code\":200,\"image\":{\"url\":\"https://www.picgo.net/images/a.webp\"}}");

        new PicgoUploader().upload(new ImageUpload(IMAGE, "image/webp", "a.webp"), context(Map.of()))
                .get(10, TimeUnit.SECONDS);

        Part file = parts(onlyRequest()).get(0);
        assertEquals("image/webp", file.contentType());
        assertEquals("a.webp", file.fileName());
    }

    @Test
    void aRefusalCarriesCheveretosMessageButNeverTheKey() {
        answer(200, "{\"status_code\":403,\"error\":{\"message\":\"Invalid API v1 key " + KEY + "\",\"code\":100},"
                + "\"status_txt\":\"Forbidden\"}");

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo refused the upload: Invalid API v1 key [redacted]", failure.getMessage());
        assertFalse(failure.getMessage().contains(KEY));
    }

    @Test
    void anErrorStatusNamesTheStatusAndErrorMessage() {
        answer(400, "{\"status_code\":400,\"error\":{\"message\":\"Duplicated upload\",\"code\":101},"
                + "\"status_txt\":\"Bad Request\"}");

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo answered HTTP 400: Duplicated upload", failure.getMessage());
    }

    @Test
    void withoutAnErrorMessageStatusTxtIsTheReason() {
        answer(429, "{\"status_code\":429,\"status_txt\":\"Too Many Requests\"}");

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo answered HTTP 429: Too Many Requests", failure.getMessage());
    }

    @Test
    void anErrorStatusWithoutJsonNamesTheStatusAndTheStartOfTheAnswer() {
        picgo.when(request().withPath(PATH)).respond(response().withStatusCode(502)
                .withContentType(MediaType.TEXT_HTML).withBody("<html><body>\n  Bad Gateway\n</body></html>"));

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo answered HTTP 502: <html><body> Bad Gateway </body></html>", failure.getMessage());
    }

    @Test
    void aSuccessWithoutAUrlFails() {
        answer(200, "{\"status_code\":200,\"image\":{}}");

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo answered without a usable URL in image.url: (none)", failure.getMessage());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFailsInTime() {
        picgo.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withDelay(Delay.seconds(3))
                .withBody("{\"status_code\":200,\"image\":{\"url\":\"https://www.picgo.net/images/late.png\"}}"));
        long started = System.nanoTime();

        UploadException failure = failure(new PicgoUploader(Duration.ofMillis(300)).upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo did not answer within 300 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @Test
    void theProductionTimeoutIsThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), PicgoUploader.DEFAULT_TIMEOUT);
    }

    @Test
    void anUnreachableHostFailsWithAnUploadException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD,
                context(Map.of(PicgoUploader.API_URL, "http://127.0.0.1:" + closedPort + PATH))));

        assertTrue(failure.getMessage().startsWith("PicGo could not be reached: "), failure.getMessage());
        assertFalse(failure.getMessage().contains(KEY));
    }

    @Test
    void isConfiguredOnlyWithAKey() {
        PicgoUploader uploader = new PicgoUploader();
        assertTrue(uploader.isConfigured(HostPluginContext.settingsOf(Map.of(PicgoUploader.API_KEY, KEY))));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(Map.of())));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(Map.of(PicgoUploader.API_KEY, ""))));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(
                Map.of(PicgoUploader.API_URL, "https://chevereto.example.com/api/1/upload"))));
    }

    @Test
    void withoutAKeyNothingIsSent() {
        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, new HostPluginContext(
                HostPluginContext.settingsOf(Map.of(PicgoUploader.API_URL, url())),
                new PluginHttpTransport(client, timer), new ObjectMapper())));

        assertEquals("PicGo is not configured: set PICGO_API_KEY", failure.getMessage());
        assertEquals(0, picgo.retrieveRecordedRequests(request()).length);
    }

    @Test
    void anApiUrlThatIsNotHttpIsRefusedBeforeSending() {
        UploadException failure = failure(new PicgoUploader().upload(UPLOAD,
                context(Map.of(PicgoUploader.API_URL, "ftp://picgo.example.com/upload"))));

        assertEquals("PICGO_API_URL is not an http(s) URL", failure.getMessage());
        assertNull(failure.getCause());
    }

    @Test
    void declaresItsProviderIdAndSettings() {
        PicgoUploader uploader = new PicgoUploader();
        assertEquals("picgo", uploader.provider());
        assertEquals(List.of("PICGO_API_KEY", "PICGO_API_URL"), uploader.settingNames());
        assertEquals("https://www.picgo.net/api/1/upload", PicgoUploader.DEFAULT_API_URL);
    }

    private static void answer(int status, String json) {
        picgo.when(request().withMethod("POST").withPath(PATH))
                .respond(response().withStatusCode(status).withContentType(MediaType.APPLICATION_JSON).withBody(json));
    }

    private static String url() {
        return "http://127.0.0.1:" + picgo.getPort() + PATH;
    }

    /** The gateway's context for a plugin call, with the key set and the Chevereto host at MockServer. */
    private static PluginContext context(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(PicgoUploader.API_KEY, KEY, PicgoUploader.API_URL, url()));
        settings.putAll(extra);
        return new HostPluginContext(HostPluginContext.settingsOf(settings),
                new PluginHttpTransport(client, timer), new ObjectMapper());
    }

    private static HttpRequest onlyRequest() {
        HttpRequest[] recorded = picgo.retrieveRecordedRequests(request());
        assertEquals(1, recorded.length);
        return recorded[0];
    }

    private static UploadException failure(CompletableFuture<URI> upload) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> upload.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(UploadException.class, thrown.getCause());
    }

    /** One part of a {@code multipart/form-data} body. */
    record Part(String name, String fileName, String contentType, byte[] data) {}

    /** The parts of a recorded multipart body, split on its boundary byte for byte. */
    static List<Part> parts(HttpRequest recorded) {
        Matcher boundary = Pattern.compile("^multipart/form-data; boundary=\"?([^\";]+)\"?$")
                .matcher(recorded.getFirstHeader("Content-Type"));
        assertTrue(boundary.find(), recorded.getFirstHeader("Content-Type"));
        String body = new String(recorded.getBody().getRawBytes(), StandardCharsets.ISO_8859_1);
        String[] chunks = body.split(Pattern.quote("--" + boundary.group(1)), -1);
        assertEquals("", chunks[0]);
        assertEquals("--\r\n", chunks[chunks.length - 1]);
        List<Part> parts = new ArrayList<>();
        for (int i = 1; i < chunks.length - 1; i++) {
            String chunk = chunks[i];
            int headEnd = chunk.indexOf("\r\n\r\n");
            String head = chunk.substring(2, headEnd);
            Matcher name = Pattern.compile("; name=\"([^\"]*)\"").matcher(head);
            Matcher fileName = Pattern.compile("; filename=\"([^\"]*)\"").matcher(head);
            Matcher type = Pattern.compile("(?im)^Content-Type: (.*)$").matcher(head);
            assertTrue(name.find() && type.find(), head);
            parts.add(new Part(name.group(1), fileName.find() ? fileName.group(1) : null, type.group(1).strip(),
                    chunk.substring(headEnd + 4, chunk.length() - 2).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }
}
