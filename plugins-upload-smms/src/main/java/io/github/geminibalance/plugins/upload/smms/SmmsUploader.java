package io.github.geminibalance.plugins.upload.smms;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.http.HttpBody;
import io.github.geminibalance.plugin.api.http.HttpCall;
import io.github.geminibalance.plugin.api.http.HttpResult;
import io.github.geminibalance.plugin.api.upload.FormUploader;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Uploads to <a href="https://doc.sm.ms/">SM.MS</a>, API v2: a {@code multipart/form-data} POST with
 * the image in field {@code smfile}, the token in {@code Authorization}.
 *
 * <p>The token goes in bare ({@code Authorization: <token>}), as SM.MS's API v2 documentation shows
 * it. The Python gateway sent {@code Basic <token>}, which is not a Basic credential and not what the
 * documentation asks for.
 *
 * <p>SM.MS answers {@code {"success":true,"data":{"url":…}}}. An image it already holds is refused
 * with {@code {"success":false,"code":"image_repeated","images":"<url>"}}, and that URL is as good as
 * a new one. Any other answer fails the upload with SM.MS's {@code message}.
 */
@Extension
public final class SmmsUploader extends FormUploader {

    public static final String PROVIDER = "smms";
    public static final String TOKEN = "SMMS_SECRET_TOKEN";
    public static final String API_URL = "SMMS_API_URL";
    public static final String DEFAULT_API_URL = "https://sm.ms/api/v2/upload";

    /** The uploader PF4J creates. */
    public SmmsUploader() {
        this(DEFAULT_TIMEOUT);
    }

    /** An uploader with another timeout, for tests. */
    SmmsUploader(Duration timeout) {
        super("SM.MS", timeout);
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<String> settingNames() {
        return List.of(TOKEN, API_URL);
    }

    @Override
    public boolean isConfigured(PluginSettings settings) {
        return settings.get(TOKEN).isPresent();
    }

    @Override
    protected HttpCall call(ImageUpload image, PluginSettings settings, Duration timeout) {
        String token = required(settings, TOKEN);
        return HttpCall.post(urlSetting(settings, API_URL, DEFAULT_API_URL),
                Map.of("Authorization", token, "Accept", "application/json"),
                new HttpBody.Multipart(List.of(HttpBody.FormPart.file("smfile", image.fileName(), image.mimeType(), image.data()))),
                timeout);
    }

    @Override
    protected URI urlFrom(JsonNode answer, HttpResult result, PluginSettings settings) {
        if (answer.path("success").asBoolean(false)) {
            return webUrl(answer.path("data").path("url").asText(""), "data.url");
        }
        if ("image_repeated".equals(answer.path("code").asText()) && answer.path("images").isTextual()) {
            return webUrl(answer.path("images").asText(), "images");
        }
        throw refused(answer, result);
    }

    @Override
    protected List<String> secrets(PluginSettings settings) {
        return settings.get(TOKEN).map(List::of).orElse(List.of());
    }
}
