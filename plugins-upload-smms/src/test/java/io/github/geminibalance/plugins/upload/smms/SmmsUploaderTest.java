package io.github.geminibalance.plugins.upload.smms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

/** {@link SmmsUploader} against MockServer standing in for SM.MS, through the gateway's real transport. */
class SmmsUploaderTest {

    private static final String TOKEN = "smms-token-5f2a9c";
    private static final String PATH = "/api/v2/upload";
    /** A PNG signature, then bytes that a text-minded encoder would damage: CR LF, NUL, 0xFF, a boundary-like run. */
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff,
            '-', '-', '\r', '\n', (byte) 0xc3, (byte) 0xa9, 42};
    private static final ImageUpload UPLOAD = new ImageUpload(IMAGE, "image/png", "2026/11/26/3fa2c1d9.png");

    private static ClientAndServer smms;
    private static UpstreamClient client;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void start() {
        ConfigurationProperties.logLevel("WARN");
        smms = ClientAndServer.startClientAndServer(0);
        client = new UpstreamClient(Duration.ofSeconds(5), 8);
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        smms.stop();
        client.close();
        timer.shutdownNow();
    }

    @BeforeEach
    void reset() {
        smms.reset();
    }

    @Test
    void sendsTheImageAsSmfileWithTheTokenAndReturnsDataUrl() throws Exception {
        answer(200, """
                {"success":true,"code":"success","message":"Upload success.",
                 "data":{"width":1,"height":1,"filename":"3fa2c1d9.png","url":"https://s2.loli.net/2026/11/26/abc.png"}}""");

        URI url = new SmmsUploader().upload(UPLOAD, context(Map.of())).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create("https://s2.loli.net/2026/11/26/abc.png"), url);
        HttpRequest sent = onlyRequest();
        assertEquals("POST", sent.getMethod().getValue());
        assertEquals(PATH, sent.getPath().getValue());
        assertTrue(sent.getQueryStringParameterList().isEmpty());
        assertEquals(TOKEN, sent.getFirstHeader("Authorization"), "the token goes in bare, as SM.MS API v2 documents");
        List<Part> parts = parts(sent);
        assertEquals(1, parts.size());
        Part file = parts.get(0);
        assertEquals("smfile", file.name());
        assertEquals("2026/11/26/3fa2c1d9.png", file.fileName());
        assertEquals("image/png", file.contentType());
        assertArrayEquals(IMAGE, file.data());
    }

    @Test
    void sendsTheImagesRealContentType() throws Exception {
        answer(200, "{\"success\":true,\"data\":{\"url\":\"https://s2.loli.net/a.jpg\"}}");

        new SmmsUploader().upload(new ImageUpload(IMAGE, "image/jpeg", "a.jpg"), context(Map.of()))
                .get(10, TimeUnit.SECONDS);

        Part file = parts(onlyRequest()).get(0);
        assertEquals("image/jpeg", file.contentType());
        assertEquals("a.jpg", file.fileName());
    }

    @Test
    void anImageSmmsAlreadyHoldsGivesItsExistingUrl() throws Exception {
        answer(200, """
                {"success":false,"code":"image_repeated",
                 "message":"Image upload repeated limit, this image exists at: https://s2.loli.net/old.png",
                 "images":"https://s2.loli.net/old.png","RequestId":"8A84DDCF"}""");

        URI url = new SmmsUploader().upload(UPLOAD, context(Map.of())).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create("https://s2.loli.net/old.png"), url);
    }

    @Test
    void aRefusalCarriesSmmsMessageButNeverTheToken() {
        answer(200, "{\"success\":false,\"code\":\"unauthorized\",\"message\":\"Token " + TOKEN + " is not valid.\"}");

        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("SM.MS refused the upload: Token [redacted] is not valid.", failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN));
    }

    @Test
    void anErrorStatusNamesTheStatusAndSmmsMessage() {
        answer(503, "{\"success\":false,\"code\":\"busy\",\"message\":\"Server is busy, try later.\"}");

        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("SM.MS answered HTTP 503: Server is busy, try later.", failure.getMessage());
    }

    @Test
    void anErrorStatusWithoutJsonNamesTheStatusAndTheStartOfTheAnswer() {
        smms.when(request().withPath(PATH)).respond(response().withStatusCode(502)
                .withContentType(MediaType.TEXT_HTML).withBody("<html><body>\n  Bad Gateway\n</body></html>"));

        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("SM.MS answered HTTP 502: <html><body> Bad Gateway </body></html>", failure.getMessage());
    }

    @Test
    void aSuccessWithoutAUrlFails() {
        answer(200, "{\"success\":true,\"data\":{}}");

        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("SM.MS answered without a usable URL in data.url: (none)", failure.getMessage());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFailsInTime() {
        smms.when(request().withPath(PATH)).respond(response().withStatusCode(200)
                .withDelay(Delay.seconds(3))
                .withBody("{\"success\":true,\"data\":{\"url\":\"https://s2.loli.net/late.png\"}}"));
        long started = System.nanoTime();

        UploadException failure = failure(new SmmsUploader(Duration.ofMillis(300)).upload(UPLOAD, context(Map.of())));

        assertEquals("SM.MS did not answer within 300 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @Test
    void theProductionTimeoutIsThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), SmmsUploader.DEFAULT_TIMEOUT);
    }

    @Test
    void anUnreachableHostFailsWithAnUploadException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        UploadException failure = failure(new SmmsUploader().upload(UPLOAD,
                context(Map.of(SmmsUploader.API_URL, "http://127.0.0.1:" + closedPort + PATH))));

        assertTrue(failure.getMessage().startsWith("SM.MS could not be reached: "), failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN));
    }

    @Test
    void isConfiguredOnlyWithAToken() {
        SmmsUploader uploader = new SmmsUploader();
        assertTrue(uploader.isConfigured(HostPluginContext.settingsOf(Map.of(SmmsUploader.TOKEN, TOKEN))));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(Map.of())));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(Map.of(SmmsUploader.TOKEN, "  "))));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(
                Map.of(SmmsUploader.API_URL, "https://smms.app/api/v2/upload"))));
    }

    @Test
    void withoutATokenNothingIsSent() {
        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, new HostPluginContext(
                HostPluginContext.settingsOf(Map.of(SmmsUploader.API_URL, url())),
                new PluginHttpTransport(client, timer), new ObjectMapper())));

        assertEquals("SM.MS is not configured: set SMMS_SECRET_TOKEN", failure.getMessage());
        assertEquals(0, smms.retrieveRecordedRequests(request()).length);
    }

    @Test
    void declaresItsProviderIdAndSettings() {
        SmmsUploader uploader = new SmmsUploader();
        assertEquals("smms", uploader.provider());
        assertEquals(List.of("SMMS_SECRET_TOKEN", "SMMS_API_URL"), uploader.settingNames());
        assertEquals("https://sm.ms/api/v2/upload", SmmsUploader.DEFAULT_API_URL);
    }

    private static void answer(int status, String json) {
        smms.when(request().withMethod("POST").withPath(PATH))
                .respond(response().withStatusCode(status).withContentType(MediaType.APPLICATION_JSON).withBody(json));
    }

    private static String url() {
        return "http://127.0.0.1:" + smms.getPort() + PATH;
    }

    /** The gateway's context for a plugin call, with the token set and SM.MS at MockServer. */
    private static PluginContext context(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(SmmsUploader.TOKEN, TOKEN, SmmsUploader.API_URL, url()));
        settings.putAll(extra);
        return new HostPluginContext(HostPluginContext.settingsOf(settings),
                new PluginHttpTransport(client, timer), new ObjectMapper());
    }

    private static HttpRequest onlyRequest() {
        HttpRequest[] recorded = smms.retrieveRecordedRequests(request());
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
