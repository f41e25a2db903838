package io.github.geminibalance.plugins.upload.picgo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;

import io.github.geminibalance.gateway.plugin.HostPluginContext;
import io.github.geminibalance.gateway.plugin.UploaderTestBase;
import io.github.geminibalance.plugin.api.upload.FormUploader;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockserver.model.HttpRequest;

/** {@link PicgoUploader} against MockServer standing in for a Chevereto host, through the gateway's real transport. */
class PicgoUploaderTest extends UploaderTestBase {

    @Override
    protected FormUploader uploader(Duration timeout) {
        return new PicgoUploader(timeout);
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected Map<String, String> settings(String url) {
        return Map.of(PicgoUploader.API_KEY, KEY, PicgoUploader.API_URL, url);
    }

    @Override
    protected String urlSetting() {
        return PicgoUploader.API_URL;
    }

    @Override
    protected String hostName() {
        return "PicGo";
    }

    @Override
    protected String secret() {
        return KEY;
    }


    private static final String KEY = "chv_picgo_key_7b1e0d";
    private static final String PATH = "/api/1/upload";





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
    void aSuccessWithoutAUrlFails() {
        answer(200, "{\"status_code\":200,\"image\":{}}");

        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("PicGo answered without a usable URL in image.url: (none)", failure.getMessage());
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
        UploadException failure = failure(new PicgoUploader().upload(UPLOAD, contextOf(Map.of(PicgoUploader.API_URL, url()))));

        assertEquals("PicGo is not configured: set PICGO_API_KEY", failure.getMessage());
        assertEquals(0, host.retrieveRecordedRequests(request()).length);
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







}
