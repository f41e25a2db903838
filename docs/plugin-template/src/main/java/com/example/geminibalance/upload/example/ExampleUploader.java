package com.example.geminibalance.upload.example;

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
 * Uploads generated images to the (imaginary) "example" image host, selected with
 * {@code UPLOAD_PROVIDER=example}.
 *
 * <p>The host takes a {@code multipart/form-data} POST to {@code EXAMPLE_UPLOAD_URL} with the image in
 * the field {@code image} and the token in {@code Authorization: Bearer <token>}. It answers
 * {@code {"url": "https://..."}} on success and {@code {"error": "..."}} with an error status otherwise.
 *
 * <p>{@link FormUploader} does the rest: it sends the call without blocking, bounds it with the timeout,
 * and turns every failure (no answer, an error status, an answer without a URL) into an
 * {@code UploadException} that carries the host's own words but never the token. The gateway creates
 * one instance and calls it from many threads at once, so the class keeps no state between calls.
 */
@Extension
public final class ExampleUploader extends FormUploader {

    /** The {@code UPLOAD_PROVIDER} value that selects this uploader. */
    public static final String PROVIDER = "example";
    /** Where to POST images, e.g. {@code https://img.example.com/api/upload}. */
    public static final String UPLOAD_URL = "EXAMPLE_UPLOAD_URL";
    /** The API token the host issued. */
    public static final String UPLOAD_TOKEN = "EXAMPLE_UPLOAD_TOKEN";

    /** The uploader PF4J creates, through this public no-argument constructor. */
    public ExampleUploader() {
        super("the example image host", DEFAULT_TIMEOUT);
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<String> settingNames() {
        return List.of(UPLOAD_URL, UPLOAD_TOKEN);
    }

    @Override
    public boolean isConfigured(PluginSettings settings) {
        return settings.get(UPLOAD_URL).isPresent() && settings.get(UPLOAD_TOKEN).isPresent();
    }

    /** The request for one upload; a missing setting fails it before anything is sent. */
    @Override
    protected HttpCall call(ImageUpload image, PluginSettings settings, Duration timeout) {
        required(settings, UPLOAD_URL);
        String token = required(settings, UPLOAD_TOKEN);
        return HttpCall.post(urlSetting(settings, UPLOAD_URL, ""),
                Map.of("Authorization", "Bearer " + token, "Accept", "application/json"),
                new HttpBody.Multipart(List.of(
                        HttpBody.FormPart.file("image", image.fileName(), image.mimeType(), image.data()))),
                timeout);
    }

    /** The image's URL in a successful (2xx) JSON answer. */
    @Override
    protected URI urlFrom(JsonNode answer, HttpResult result, PluginSettings settings) {
        return webUrl(answer.path("url").asText(""), "url");
    }

    /** The host explains errors in {@code error}, not in {@link FormUploader}'s default {@code message}. */
    @Override
    protected String hostMessage(JsonNode answer) {
        return answer.path("error").asText("");
    }

    /** Never shown in a message, even when the host repeats it in its own. */
    @Override
    protected List<String> secrets(PluginSettings settings) {
        return settings.get(UPLOAD_TOKEN).map(List::of).orElse(List.of());
    }
}
