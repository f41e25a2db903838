package io.github.geminibalance.plugins.upload.cfimgbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import io.github.geminibalance.gateway.plugin.HostPluginContext;
import io.github.geminibalance.gateway.plugin.UploaderTestBase;
import io.github.geminibalance.plugin.api.upload.FormUploader;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.MediaType;

/** {@link CloudflareImgbedUploader} against MockServer standing in for an ImgBed, through the gateway's real transport. */
class CloudflareImgbedUploaderTest extends UploaderTestBase {

    /** With characters that must be encoded to stay one query value. */
    private static final String AUTH_CODE = "imgbed&code=9d4 e+";
    private static final String FOLDER = "gemini images/2026";

    @Override
    protected FormUploader uploader(Duration timeout) {
        return new CloudflareImgbedUploader(timeout);
    }

    @Override
    protected String path() {
        return "/upload";
    }

    @Override
    protected Map<String, String> settings(String url) {
        return Map.of(CloudflareImgbedUploader.URL, url, CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE);
    }

    @Override
    protected String urlSetting() {
        return CloudflareImgbedUploader.URL;
    }

    @Override
    protected String hostName() {
        return "Cloudflare ImgBed";
    }

    @Override
    protected String secret() {
        return AUTH_CODE;
    }

    @Test
    void sendsTheImageAsFileWithTheQueryAndMakesARelativeSrcAbsolute() throws Exception {
        answer(200, "[{\"src\":\"/file/3fa2c1d9.png\"}]");

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
        answer(200, "[{\"src\":\"https://cdn.example.com/file/x.png\"}]");

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
        host.when(request().withPath("/upload")).respond(response().withStatusCode(401)
                .withContentType(MediaType.TEXT_PLAIN).withBody("Error: Unauthorized, authCode " + AUTH_CODE + " is wrong"));

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD,
                context(Map.of(CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE))));

        assertEquals("Cloudflare ImgBed answered HTTP 401: Error: Unauthorized, authCode [redacted] is wrong",
                failure.getMessage());
        assertFalse(failure.getMessage().contains(AUTH_CODE));
    }

    @Test
    void anErrorStatusWithJsonGivesItsErrorMessage() {
        answer(500, "{\"error\":\"Upload failed: storage quota exceeded\"}");

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("Cloudflare ImgBed answered HTTP 500: Upload failed: storage quota exceeded", failure.getMessage());
    }

    @Test
    void anObjectInsteadOfTheArrayIsARefusal() {
        answer(200, "{\"message\":\"folder not allowed\"}");

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("Cloudflare ImgBed refused the upload: folder not allowed", failure.getMessage());
    }

    @Test
    void anEmptyArrayHasNoUrl() {
        answer(200, "[]");

        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("Cloudflare ImgBed answered without a URL in [0].src: []", failure.getMessage());
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
        UploadException failure = failure(new CloudflareImgbedUploader().upload(UPLOAD, contextOf(Map.of(CloudflareImgbedUploader.AUTH_CODE, AUTH_CODE))));

        assertEquals("Cloudflare ImgBed is not configured: set CLOUDFLARE_IMGBED_URL", failure.getMessage());
        assertEquals(0, host.retrieveRecordedRequests(request()).length);
    }

    @Test
    void declaresItsProviderIdAndSettings() {
        CloudflareImgbedUploader uploader = new CloudflareImgbedUploader();
        assertEquals("cloudflare_imgbed", uploader.provider());
        assertEquals(List.of("CLOUDFLARE_IMGBED_URL", "CLOUDFLARE_IMGBED_AUTH_CODE", "CLOUDFLARE_IMGBED_UPLOAD_FOLDER"),
                uploader.settingNames());
    }

    private static String base() {
        return "http://127.0.0.1:" + host.getPort();
    }

    /** The query parameters as the server decoded them. */
    private static Map<String, List<String>> query(HttpRequest sent) {
        return sent.getQueryStringParameterList().stream().collect(Collectors.toMap(
                parameter -> parameter.getName().getValue(),
                parameter -> parameter.getValues().stream().map(value -> value.getValue()).toList()));
    }
}
