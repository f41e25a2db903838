package io.github.geminibalance.plugins.upload.smms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@link SmmsUploader} against MockServer standing in for SM.MS, through the gateway's real transport. */
class SmmsUploaderTest extends UploaderTestBase {

    @Override
    protected FormUploader uploader(Duration timeout) {
        return new SmmsUploader(timeout);
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected Map<String, String> settings(String url) {
        return Map.of(SmmsUploader.TOKEN, TOKEN, SmmsUploader.API_URL, url);
    }

    @Override
    protected String urlSetting() {
        return SmmsUploader.API_URL;
    }

    @Override
    protected String hostName() {
        return "SM.MS";
    }

    @Override
    protected String secret() {
        return TOKEN;
    }


    private static final String TOKEN = "smms-token-5f2a9c";
    private static final String PATH = "/api/v2/upload";





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
    void aSuccessWithoutAUrlFails() {
        answer(200, "{\"success\":true,\"data\":{}}");

        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, context(Map.of())));

        assertEquals("SM.MS answered without a usable URL in data.url: (none)", failure.getMessage());
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
        UploadException failure = failure(new SmmsUploader().upload(UPLOAD, contextOf(Map.of(SmmsUploader.API_URL, url()))));

        assertEquals("SM.MS is not configured: set SMMS_SECRET_TOKEN", failure.getMessage());
        assertEquals(0, host.retrieveRecordedRequests(request()).length);
    }

    @Test
    void declaresItsProviderIdAndSettings() {
        SmmsUploader uploader = new SmmsUploader();
        assertEquals("smms", uploader.provider());
        assertEquals(List.of("SMMS_SECRET_TOKEN", "SMMS_API_URL"), uploader.settingNames());
        assertEquals("https://sm.ms/api/v2/upload", SmmsUploader.DEFAULT_API_URL);
    }







}
