package io.github.geminibalance.plugins.upload.cfimgbed;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.Delay;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.MediaType;
import org.mockserver.model.Parameter;

/** {@link CloudflareImgbedUploader} against MockServer standing in for an ImgBed, through the gateway's real transport. */
class CloudflareImgbedUploaderTest {

    /** With characters that must be encoded to stay one query value. */
    private static final String AUTH_CODE = "imgbed&code=9d4 e+";
    private static final String FOLDER = "gemini images/2026";
    /** A PNG signature, then bytes that a text-minded encoder would damage: CR LF, NUL, 0xFF, a boundary-like run. */
    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff,
            '-', '-', '\r', '\n', (byte) 0xc3, (byte) 0xa9, 42};
    private static final ImageUpload UPLOAD = new ImageUpload(IMAGE, "image/png", "2026/11/26/3fa2c1d9.png");

    private static ClientAndServer imgbed;
    private static UpstreamClient client;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void start() {
        ConfigurationProperties.logLevel("WARN");
        imgbed = ClientAndServer.startClientAndServer(0);
        client = new UpstreamClient(Duration.ofSeconds(5), 8);
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        imgbed.stop();
        client.close();
        timer.shutdownNow();
    }

    @BeforeEach
    void reset() {
        imgbed.reset();
    }

    @Test
    void sendsTheImageAsFileWithTheQueryAndMakesARelativeSrcAbsolute() throws Exception {
        answer("/upload", 200, "[{\"src\":\"/file/3fa2c1d9.png\"}]");

        URI url = new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of(
                CloudflareImgbedUploader.URL, base() + "/upload",
                CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE,
                CloudflareImgbedUploader.UPLOAD_FOLDER, FOLDER))).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create(base() + "/file/3fa2c1d9.png"), url);
        HttpRequest sent = onlyRequest();
        assertEquals("POST", sent.getMethod().getValue());
        assertEquals("/upload", sent.getPath().getValue());
        assertEquals(Map.of("authCode", List.of(AUTH_CODE), "uploadNameType", List.of("origin"),
                "uploadFolder", List.of(FOLDER)), query(sent));
        assertFalse(sent.containsHeader("Authorization"));
        List<Part> parts = parts(sent);
        assertEquals(1, parts.size());
        Part file = parts.get(0);
        assertEquals("file", file.name());
        assertEquals("2026/11/26/3fa2c1d9.png", file.fileName());
        assertEquals("image/png", file.contentType());
        assertArrayEquals(IMAGE, file.data());
    }

    @Test
    void theQueryParametersComeInTheDocumentedOrderPercentEncoded() {
        URI endpoint = CloudflareImgbedUploader.endpoint(URI.create("https://img.example.com/upload"), AUTH_CODE, FOLDER);

        assertEquals("https://img.example.com/upload?authCode=imgbed%26code%3D9d4%20e%2B&uploadNameType=origin"
                + "&uploadFolder=gemini%20images%2F2026", endpoint.toString());
    }

    @Test
    void keepsTheConfiguredQueryLeavesOutUnsetParametersAndPrefixesWhatComesBeforeUpload() throws Exception {
        answer("/imgbed/upload", 200, "[{\"src\":\"/file/x.png\"}]");

        URI url = new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of(
                CloudflareImgbedUploader.URL, base() + "/imgbed/upload?returnFormat=default",
                CloudflareImgbedUploader.AUTH_CODE, " ",
                CloudflareImgbedUploader.UPLOAD_FOLDER, ""))).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create(base() + "/imgbed/file/x.png"), url);
        HttpRequest sent = onlyRequest();
        assertEquals("/imgbed/upload", sent.getPath().getValue());
        assertEquals(Map.of("returnFormat", List.of("default"), "uploadNameType", List.of("origin")), query(sent));
    }

    @Test
    void withoutUploadInThePathTheOriginIsThePrefix() throws Exception {
        answer("/api/images", 200, "[{\"src\":\"file/x.png\"}]");

        URI url = new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of(
                CloudflareImgbedUploader.URL, base() + "/api/images"))).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create(base() + "/file/x.png"), url);
    }

    @Test
    void anAbsoluteSrcIsKeptAsItIs() throws Exception {
        answer("/upload", 200, "[{\"src\":\"https://cdn.example.com/file/x.png\"}]");

        URI url = new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())).get(10, TimeUnit.SECONDS);

        assertEquals(URI.create("https://cdn.example.com/file/x.png"), url);
    }

    @Test
    void aSrcWithSpacesBecomesAValidUrl() {
        assertEquals(URI.create("https://img.example.com/file/my%20picture.png"),
                CloudflareImgbedUploader.absolute("/file/my picture.png", URI.create("https://img.example.com/upload")));
        assertEquals(URI.create("https://cdn.example.com/file/x.png"),
                CloudflareImgbedUploader.absolute("//cdn.example.com/file/x.png", URI.create("https://img.example.com/upload")));
    }

    @Test
    void aHostNamedUploadIsNotMistakenForTheUploadPath() {
        assertEquals(URI.create("https://upload.example.com/file/x.png"),
                CloudflareImgbedUploader.absolute("/file/x.png", URI.create("https://upload.example.com/upload")));
    }

    @Test
    void anErrorStatusNamesTheStatusAndTheAnswerButNeverTheAuthCode() {
        imgbed.when(request().withPath("/upload")).respond(response().withStatusCode(401)
                .withContentType(MediaType.TEXT_PLAIN).withBody("Error: Unauthorized, authCode " + AUTH_CODE + " is wrong"));

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD,
                context(Map.of(CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE))));

        assertEquals("Cloudflare ImgBed answered HTTP 401: Error: Unauthorized, authCode [redacted] is wrong",
                failure.getMessage());
        assertFalse(failure.getMessage().contains(AUTH_CODE));
    }

    @Test
    void anErrorStatusWithJsonGivesItsErrorMessage() {
        answer("/upload", 500, "{\"error\":\"Upload failed: storage quota exceeded\"}");

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("Cloudflare ImgBed answered HTTP 500: Upload failed: storage quota exceeded", failure.getMessage());
    }

    @Test
    void anObjectInsteadOfTheArrayIsARefusal() {
        answer("/upload", 200, "{\"message\":\"folder not allowed\"}");

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("Cloudflare ImgBed refused the upload: folder not allowed", failure.getMessage());
    }

    @Test
    void anEmptyArrayHasNoUrl() {
        answer("/upload", 200, "[]");

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("Cloudflare ImgBed answered without a URL in [0].src: []", failure.getMessage());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFailsInTime() {
        imgbed.when(request().withPath("/upload")).respond(response().withStatusCode(200)
                .withDelay(Delay.seconds(3)).withBody("[{\"src\":\"/file/late.png\"}]"));
        long started = System.nanoTime();

        UploadException failure = failure(new CloudflareImgbedUploader(Duration.ofMillis(300))
                .upload(UPLOAD, context(Map.of(CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE))));

        assertEquals("Cloudflare ImgBed did not answer within 300 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @Test
    void theProductionTimeoutIsThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), CloudflareImgbedUploader.DEFAULT_TIMEOUT);
    }

    @Test
    void anUnreachableHostFailsWithAnUploadException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of(
                CloudflareImgbedUploader.URL, "http://127.0.0.1:" + closedPort + "/upload",
                CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE))));

        assertTrue(failure.getMessage().startsWith("Cloudflare ImgBed could not be reached: "), failure.getMessage());
        assertFalse(failure.getMessage().contains(AUTH_CODE));
    }

    @Test
    void isConfiguredByItsUrlAlone() {
        CloudflareImgbedUploader uploader = new CloudflareImgbedUploader();
        assertTrue(uploader.isConfigured(HostPluginContext.settingsOf(
                Map.of(CloudflareImgbedUploader.URL, "https://img.example.com/upload"))));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(Map.of())));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(Map.of(CloudflareImgbedUploader.URL, " "))));
        assertFalse(uploader.isConfigured(HostPluginContext.settingsOf(
                Map.of(CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE, CloudflareImgbedUploader.UPLOAD_FOLDER, FOLDER))));
    }

    @Test
    void withoutAUrlNothingIsSent() {
        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, new HostPluginContext(
                HostPluginContext.settingsOf(Map.of(CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE)),
                new PluginHttpTransport(client, timer), new ObjectMapper())));

        assertEquals("Cloudflare ImgBed is not configured: set CLOUDFLARE_IMGBED_URL", failure.getMessage());
        assertEquals(0, imgbed.retrieveRecordedRequests(request()).length);
    }

    @Test
    void declaresItsProviderIdAndSettings() {
        CloudflareImgbedUploader uploader = new CloudflareImgbedUploader();
        assertEquals("cloudflare_imgbed", uploader.provider());
        assertEquals(List.of("CLOUDFLARE_IMGBED_URL", "CLOUDFLARE_IMGBED_AUTH_CODE", "CLOUDFLARE_IMGBED_UPLOAD_FOLDER"),
                uploader.settingNames());
    }

    private static void answer(String path, int status, String json) {
        imgbed.when(request().withMethod("POST").withPath(path))
                .respond(response().withStatusCode(status).withContentType(MediaType.APPLICATION_JSON).withBody(json));
    }

    private static String base() {
        return "http://127.0.0.1:" + imgbed.getPort();
    }

    /** The gateway's context for a plugin call, with the ImgBed at MockServer's {@code /upload}. */
    private static PluginContext context(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(CloudflareImgbedUploader.URL, base() + "/upload"));
        settings.putAll(extra);
        return new HostPluginContext(HostPluginContext.settingsOf(settings),
                new PluginHttpTransport(client, timer), new ObjectMapper());
    }

    private static HttpRequest onlyRequest() {
        HttpRequest[] recorded = imgbed.retrieveRecordedRequests(request());
        assertEquals(1, recorded.length);
        return recorded[0];
    }

    /** The query parameters as the server decoded them. */
    private static Map<String, List<String>> query(HttpRequest sent) {
        return sent.getQueryStringParameterList().stream().collect(Collectors.toMap(
                parameter -> parameter.getName().getValue(),
                parameter -> parameter.getValues().stream().map(value -> value.getValue()).toList()));
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
