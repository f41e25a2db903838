package io.github.geminibalance.plugins.upload.picgo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.http.HttpBody;
import io.github.geminibalance.plugin.api.http.HttpCall;
import io.github.geminibalance.plugin.api.http.HttpResult;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class PicgoUploader implements ImageUploader {

    public static final String PROVIDER = "picgo";
    public static final String API_KEY = "PICGO_API_KEY";
    public static final String API_URL = "PICGO_API_URL";
    public static final String DEFAULT_API_URL = "https://www.picgo.net/api/1/upload";
    /** How long an upload may take, answer included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PicgoUploader.class);
    private static final String HOST = "PicGo";

    private final Duration timeout;

    /** The uploader PF4J creates. */
    public PicgoUploader() {
        this(DEFAULT_TIMEOUT);
    }

    /** An uploader with another timeout, for tests. */
    PicgoUploader(Duration timeout) {
        this.timeout = timeout;
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
    public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
        CompletableFuture<URI> answer = new CompletableFuture<>();
        String key = context.settings().get(API_KEY).orElse("");
        try {
            if (key.isEmpty()) {
                throw new UploadException(HOST + " is not configured: set " + API_KEY);
            }
            URI endpoint = endpoint(context.settings());
            HttpCall call = HttpCall.post(endpoint, Map.of("X-API-Key", key, "Accept", "application/json"),
                    new HttpBody.Multipart(List.of(
                            HttpBody.FormPart.file("source", image.fileName(), image.mimeType(), image.data()))),
                    timeout);
            context.http().send(call).whenComplete((result, failure) -> {
                try {
                    if (failure != null) {
                        throw unreachable(failure);
                    }
                    URI url = urlFrom(result, context.json());
                    LOG.debug("Uploaded {} ({} bytes) to {}: {}", image.fileName(), image.data().length, HOST, url);
                    answer.complete(url);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(redacted(e, key));
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(redacted(e, key));
        }
        return answer;
    }

    private static URI endpoint(PluginSettings settings) {
        String value = settings.get(API_URL, DEFAULT_API_URL).strip();
        try {
            URI uri = new URI(value);
            if (isWeb(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UploadException(API_URL + " is not an http(s) URL"); // its query might hold a secret
    }

    /** The image's URL in an answer, or the reason there is none. */
    static URI urlFrom(HttpResult result, ObjectMapper json) {
        JsonNode body = parse(result, json);
        if (!result.successful()) {
            throw new UploadException(HOST + " answered HTTP " + result.status() + ": " + message(body, result));
        }
        if (body == null || !body.isObject()) {
            throw new UploadException(HOST + " answered with something other than a JSON object: " + snippet(result));
        }
        if (body.path("status_code").asInt() == 200) {
            return absolute(body.path("image").path("url"), "image.url");
        }
        throw new UploadException(HOST + " refused the upload: " + message(body, result));
    }

    private static JsonNode parse(HttpResult result, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(result.body());
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** Chevereto's own words ({@code error.message}, else {@code status_txt}), else the start of what it sent. */
    private static String message(JsonNode body, HttpResult result) {
        if (body != null) {
            for (JsonNode candidate : List.of(body.path("error").path("message"), body.path("error"),
                    body.path("status_txt"))) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return shortened(candidate.asText());
                }
            }
        }
        return snippet(result);
    }

    private static String snippet(HttpResult result) {
        String text = result.bodyText().strip();
        return text.isEmpty() ? "(empty answer)" : shortened(text);
    }

    private static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    private static URI absolute(JsonNode node, String field) {
        String text = node.asText("").strip();
        try {
            URI uri = new URI(text);
            if (isWeb(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UploadException(HOST + " answered without a usable URL in " + field + ": "
                + (text.isEmpty() ? "(none)" : shortened(text)));
    }

    private static boolean isWeb(URI uri) {
        return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }

    /** The failure of a call that got no answer. */
    private UploadException unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new UploadException(HOST + " did not answer within " + seconds(timeout), cause);
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new UploadException(HOST + " could not be reached: " + reason, cause);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The failure as the client may see it: an {@link UploadException} that never holds the key. */
    private static UploadException redacted(RuntimeException failure, String key) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!(failure instanceof UploadException)) {
            message = HOST + " upload failed: " + message;
        }
        if (key.isEmpty() || !message.contains(key)) {
            return failure instanceof UploadException upload ? upload : new UploadException(message, failure);
        }
        return new UploadException(message.replace(key, "[redacted]"));
    }
}
