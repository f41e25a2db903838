package io.github.geminibalance.plugins.upload.picgo;

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
 * Uploads to <a href="https://www.picgo.net/">PicGo</a>, or any other host with Chevereto's API v1:
 * a {@code multipart/form-data} POST with the image in field {@code source}, the key in
 * {@code X-API-Key}.
 *
 * <p>Chevereto answers {@code {"status_code":200,"image":{"url":…}}}, and on failure
 * {@code {"status_code":400,"error":{"message":…},"status_txt":"Bad Request"}}; the upload then
 * fails with {@code error.message} (or {@code status_txt}).
 */
@Extension
public final class PicgoUploader extends FormUploader {

    public static final String PROVIDER = "picgo";
    public static final String API_KEY = "PICGO_API_KEY";
    public static final String API_URL = "PICGO_API_URL";
    public static final String DEFAULT_API_URL = "https://www.picgo.net/api/1/upload";

    /** The uploader PF4J creates. */
    public PicgoUploader() {
        this(DEFAULT_TIMEOUT);
    }

    /** An uploader with another timeout, for tests. */
    PicgoUploader(Duration timeout) {
        super("PicGo", timeout);
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<String> settingNames() {
        return List.of(API_KEY, API_URL);
    }

    @Override
    public boolean isConfigured(PluginSettings settings) {
        return settings.get(API_KEY).isPresent();
    }

    @Override
    protected HttpCall call(ImageUpload image, PluginSettings settings, Duration timeout) {
        String key = required(settings, API_KEY);
        return HttpCall.post(urlSetting(settings, API_URL, DEFAULT_API_URL),
                Map.of("X-API-Key", key, "Accept", "application/json"),
                new HttpBody.Multipart(List.of(HttpBody.FormPart.file("source", image.fileName(), image.mimeType(), image.data()))),
                timeout);
    }

    @Override
    protected URI urlFrom(JsonNode answer, HttpResult result, PluginSettings settings) {
        if (answer.path("status_code").asInt() == 200) {
            return webUrl(answer.path("image").path("url").asText(""), "image.url");
        }
        throw refused(answer, result);
    }

    /** Chevereto's own words: {@code error.message}, else {@code error}, else {@code status_txt}. */
    @Override
    protected String hostMessage(JsonNode answer) {
        for (JsonNode candidate : List.of(answer.path("error").path("message"), answer.path("error"),
                answer.path("status_txt"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return "";
    }

    @Override
    protected List<String> secrets(PluginSettings settings) {
        return settings.get(API_KEY).map(List::of).orElse(List.of());
    }
}
