package io.github.geminibalance.plugins.upload.smms;

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
public final class SmmsUploader implements ImageUploader {

    public static final String PROVIDER = "smms";
    public static final String TOKEN = "SMMS_SECRET_TOKEN";
    public static final String API_URL = "SMMS_API_URL";
    public static final String DEFAULT_API_URL = "https://sm.ms/api/v2/upload";
    /** How long an upload may take, answer included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SmmsUploader.class);
    private static final String HOST = "SM.MS";

    private final Duration timeout;

    /** The uploader PF4J creates. */
    public SmmsUploader() {
        this(DEFAULT_TIMEOUT);
    }

    /** An uploader with another timeout, for tests. */
    SmmsUploader(Duration timeout) {
        this.timeout = timeout;
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
    public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
        CompletableFuture<URI> answer = new CompletableFuture<>();
        String token = context.settings().get(TOKEN).orElse("");
        try {
            if (token.isEmpty()) {
                throw new UploadException(HOST + " is not configured: set " + TOKEN);
            }
            URI endpoint = endpoint(context.settings());
            HttpCall call = HttpCall.post(endpoint, Map.of("Authorization", token, "Accept", "application/json"),
                    new HttpBody.Multipart(List.of(
                            HttpBody.FormPart.file("smfile", image.fileName(), image.mimeType(), image.data()))),
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
                    answer.completeExceptionally(redacted(e, token));
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(redacted(e, token));
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
        if (body.path("success").asBoolean(false)) {
            return absolute(body.path("data").path("url"), "data.url");
        }
        if ("image_repeated".equals(body.path("code").asText()) && body.path("images").isTextual()) {
            return absolute(body.path("images"), "images");
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

    /** SM.MS's own words, else the start of what it sent. */
    private static String message(JsonNode body, HttpResult result) {
        if (body != null && body.path("message").isTextual() && !body.path("message").asText().isBlank()) {
            return shortened(body.path("message").asText());
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

    /** The failure as the client may see it: an {@link UploadException} that never holds the token. */
    private static UploadException redacted(RuntimeException failure, String token) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!(failure instanceof UploadException)) {
            message = HOST + " upload failed: " + message;
        }
        if (token.isEmpty() || !message.contains(token)) {
            return failure instanceof UploadException upload ? upload : new UploadException(message, failure);
        }
        return new UploadException(message.replace(token, "[redacted]"));
    }
}
