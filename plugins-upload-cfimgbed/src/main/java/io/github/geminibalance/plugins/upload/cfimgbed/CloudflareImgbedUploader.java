package io.github.geminibalance.plugins.upload.cfimgbed;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Uploads to a <a href="https://github.com/MarSeventh/CloudFlare-ImgBed">Cloudflare ImgBed</a>: a
 * {@code multipart/form-data} POST of field {@code file} to
 * {@code <CLOUDFLARE_IMGBED_URL>?authCode=<code>&uploadNameType=origin&uploadFolder=<folder>}, the
 * parameters URL-encoded, those not set left out, and a query the configured URL already has kept.
 *
 * <p>ImgBed answers a JSON array, {@code [{"src":"/file/…"}]}. A relative {@code src} is made absolute
 * with the part of the configured URL before {@code /upload} ({@code https://img.example.com/api/upload}
 * gives {@code https://img.example.com/api/file/…}), or with its origin when the path has no
 * {@code /upload}.
 *
 * <p>The auth code is optional: an ImgBed may accept uploads without one, so only the URL makes this
 * uploader configured.
 */
@Extension
public final class CloudflareImgbedUploader implements ImageUploader {

    public static final String PROVIDER = "cloudflare_imgbed";
    public static final String URL = "CLOUDFLARE_IMGBED_URL";
    public static final String AUTH_CODE = "CLOUDFLARE_IMGBED_AUTH_CODE";
    public static final String UPLOAD_FOLDER = "CLOUDFLARE_IMGBED_UPLOAD_FOLDER";
    /** How long an upload may take, answer included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(CloudflareImgbedUploader.class);
    private static final String HOST = "Cloudflare ImgBed";
    /** The ASCII characters that may stand in a URI as they are; anything else is percent-encoded. */
    private static final String URI_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

    private final Duration timeout;

    /** The uploader PF4J creates. */
    public CloudflareImgbedUploader() {
        this(DEFAULT_TIMEOUT);
    }

    /** An uploader with another timeout, for tests. */
    CloudflareImgbedUploader(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public List<String> settingNames() {
        return List.of(URL, AUTH_CODE, UPLOAD_FOLDER);
    }

    @Override
    public boolean isConfigured(PluginSettings settings) {
        return settings.get(URL).isPresent();
    }

    @Override
    public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
        CompletableFuture<URI> answer = new CompletableFuture<>();
        String authCode = context.settings().get(AUTH_CODE).map(String::strip).orElse("");
        try {
            URI configured = configuredUrl(context.settings());
            HttpCall call = HttpCall.post(endpoint(configured, authCode, context.settings().get(UPLOAD_FOLDER, "").strip()),
                    Map.of("Accept", "application/json"),
                    new HttpBody.Multipart(List.of(
                            HttpBody.FormPart.file("file", image.fileName(), image.mimeType(), image.data()))),
                    timeout);
            context.http().send(call).whenComplete((result, failure) -> {
                try {
                    if (failure != null) {
                        throw unreachable(failure);
                    }
                    URI url = urlFrom(result, context.json(), configured);
                    LOG.debug("Uploaded {} ({} bytes) to {}: {}", image.fileName(), image.data().length, HOST, url);
                    answer.complete(url);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(redacted(e, authCode));
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(redacted(e, authCode));
        }
        return answer;
    }

    private static URI configuredUrl(PluginSettings settings) {
        String value = settings.get(URL)
                .orElseThrow(() -> new UploadException(HOST + " is not configured: set " + URL))
                .strip();
        try {
            URI uri = new URI(value);
            if (isWeb(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UploadException(URL + " is not an http(s) URL"); // its query might hold a secret
    }

    /** The configured URL with its own query, then {@code authCode}, {@code uploadNameType} and {@code uploadFolder}. */
    static URI endpoint(URI configured, String authCode, String folder) {
        StringBuilder query = new StringBuilder(configured.getRawQuery() == null ? "" : configured.getRawQuery());
        parameter(query, "authCode", authCode);
        parameter(query, "uploadNameType", "origin");
        parameter(query, "uploadFolder", folder);
        return URI.create(origin(configured) + (configured.getRawPath() == null ? "" : configured.getRawPath())
                + "?" + query);
    }

    private static void parameter(StringBuilder query, String name, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The image's URL in an answer, or the reason there is none. */
    static URI urlFrom(HttpResult result, ObjectMapper json, URI configured) {
        JsonNode body = parse(result, json);
        if (!result.successful()) {
            throw new UploadException(HOST + " answered HTTP " + result.status() + ": " + message(body, result));
        }
        if (body == null) {
            throw new UploadException(HOST + " answered with something other than JSON: " + snippet(result));
        }
        if (!body.isArray()) {
            throw new UploadException(HOST + " refused the upload: " + message(body, result));
        }
        String src = body.path(0).path("src").asText("").strip();
        if (src.isEmpty()) {
            throw new UploadException(HOST + " answered without a URL in [0].src: " + snippet(result));
        }
        return absolute(src, configured);
    }

    /**
     * {@code src} as an absolute URL: as it is when it has a scheme, else after the part of the
     * configured URL before {@code /upload}, or after its origin.
     */
    static URI absolute(String src, URI configured) {
        String text = src.startsWith("//") ? configured.getScheme() + ":" + src : src;
        try {
            URI uri = new URI(escaped(text));
            if (uri.getScheme() == null) {
                String path = configured.getRawPath() == null ? "" : configured.getRawPath();
                int upload = path.indexOf("/upload");
                String prefix = origin(configured) + (upload >= 0 ? path.substring(0, upload) : "");
                uri = new URI(prefix + (uri.toString().startsWith("/") ? "" : "/") + uri);
            }
            if (isWeb(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UploadException(HOST + " answered without a usable URL in [0].src: " + shortened(src));
    }

    /** {@code text} with the ASCII characters a URI may not hold (spaces, quotes) percent-encoded. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c >= 0x80 || URI_CHARACTERS.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isWeb(URI uri) {
        return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }

    private static JsonNode parse(HttpResult result, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(result.body());
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** ImgBed's own words ({@code error}, {@code message}), else the start of what it sent. */
    private static String message(JsonNode body, HttpResult result) {
        if (body != null) {
            for (JsonNode candidate : List.of(body.path("error"), body.path("error").path("message"),
                    body.path("message"), body.path("msg"))) {
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

    /** The failure as the client may see it: an {@link UploadException} that never holds the auth code. */
    private static UploadException redacted(RuntimeException failure, String authCode) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!(failure instanceof UploadException)) {
            message = HOST + " upload failed: " + message;
        }
        String encoded = URLEncoder.encode(authCode, StandardCharsets.UTF_8).replace("+", "%20");
        if (authCode.isEmpty() || !message.contains(authCode) && !message.contains(encoded)) {
            return failure instanceof UploadException upload ? upload : new UploadException(message, failure);
        }
        return new UploadException(message.replace(authCode, "[redacted]").replace(encoded, "[redacted]"));
    }
}
