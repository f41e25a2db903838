package io.github.geminibalance.gateway.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.upload.FormUploader;
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

/**
 * The base of an upload plugin's tests: MockServer stands in for the image host, and the plugin is
 * called through the gateway's real transport and context. It also holds the cases every
 * {@link FormUploader} must pass whatever its host (an error page, a slow host, an unreachable one).
 */
public abstract class UploaderTestBase {

    /** A PNG signature, then bytes that a text-minded encoder would damage: CR LF, NUL, 0xFF, a boundary-like run. */
    protected static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, (byte) 0xff,
            '-', '-', '\r', '\n', (byte) 0xc3, (byte) 0xa9, 42};
    protected static final ImageUpload UPLOAD = new ImageUpload(IMAGE, "image/png", "2026/11/26/3fa2c1d9.png");

    protected static ClientAndServer host;
    private static UpstreamClient client;
    private static ScheduledExecutorService timer;

    /** The uploader under test, with this timeout. */
    protected abstract FormUploader uploader(Duration timeout);

    /** The path the host takes uploads on. */
    protected abstract String path();

    /** A working configuration with the host at {@code url}. */
    protected abstract Map<String, String> settings(String url);

    /** The setting that holds the host's address. */
    protected abstract String urlSetting();

    /** The host's name as messages give it. */
    protected abstract String hostName();

    /** The secret of {@link #settings} that no message may show. */
    protected abstract String secret();

    @BeforeAll
    static void startHost() {
        ConfigurationProperties.logLevel("WARN");
        host = ClientAndServer.startClientAndServer(0);
        client = new UpstreamClient(Duration.ofSeconds(5), 8);
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopHost() {
        host.stop();
        client.close();
        timer.shutdownNow();
    }

    @BeforeEach
    void resetHost() {
        host.reset();
    }

    @Test
    void anErrorStatusWithoutJsonNamesTheStatusAndTheStartOfTheAnswer() {
        host.when(request().withPath(path())).respond(response().withStatusCode(502)
                .withContentType(MediaType.TEXT_HTML).withBody("<html><body>\n  Bad Gateway\n</body></html>"));

        UploadException failure = failure(uploader(FormUploader.DEFAULT_TIMEOUT).upload(UPLOAD, context(Map.of())));

        assertEquals(hostName() + " answered HTTP 502: <html><body> Bad Gateway </body></html>", failure.getMessage());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFailsInTime() {
        host.when(request().withPath(path())).respond(response().withStatusCode(200).withDelay(Delay.seconds(3))
                .withContentType(MediaType.APPLICATION_JSON).withBody("{}"));
        long started = System.nanoTime();

        UploadException failure = failure(uploader(Duration.ofMillis(300)).upload(UPLOAD, context(Map.of())));

        assertEquals(hostName() + " did not answer within 300 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @Test
    void theProductionTimeoutIsThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), FormUploader.DEFAULT_TIMEOUT);
    }

    @Test
    void anUnreachableHostFailsWithAnUploadException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        UploadException failure = failure(uploader(FormUploader.DEFAULT_TIMEOUT).upload(UPLOAD,
                context(Map.of(urlSetting(), "http://127.0.0.1:" + closedPort + path()))));

        assertTrue(failure.getMessage().startsWith(hostName() + " could not be reached: "), failure.getMessage());
        assertFalse(failure.getMessage().contains(secret()));
    }

    /** The host answers uploads with this status and JSON. */
    protected void answer(int status, String json) {
        answer(path(), status, json);
    }

    /** The host answers uploads to {@code uploadPath} with this status and JSON. */
    protected static void answer(String uploadPath, int status, String json) {
        host.when(request().withMethod("POST").withPath(uploadPath))
                .respond(response().withStatusCode(status).withContentType(MediaType.APPLICATION_JSON).withBody(json));
    }

    /** The address of the host's upload path. */
    protected String url() {
        return "http://127.0.0.1:" + host.getPort() + path();
    }

    /** The gateway's context for a plugin call: the working settings, then {@code extra} over them. */
    protected PluginContext context(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(settings(url()));
        settings.putAll(extra);
        return contextOf(settings);
    }

    /** The gateway's context for a plugin call with exactly these settings. */
    protected static PluginContext contextOf(Map<String, String> settings) {
        return new HostPluginContext(HostPluginContext.settingsOf(settings),
                new PluginHttpTransport(client, timer), new ObjectMapper());
    }

    /** The one request the host received. */
    protected static HttpRequest onlyRequest() {
        HttpRequest[] recorded = host.retrieveRecordedRequests(request());
        assertEquals(1, recorded.length);
        return recorded[0];
    }

    /** The {@link UploadException} an upload failed with. */
    protected static UploadException failure(CompletableFuture<URI> upload) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> upload.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(UploadException.class, thrown.getCause());
    }

    /** One part of a {@code multipart/form-data} body. */
    public record Part(String name, String fileName, String contentType, byte[] data) {}

    /** The parts of a recorded multipart body, split on its boundary byte for byte. */
    protected static List<Part> parts(HttpRequest recorded) {
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
