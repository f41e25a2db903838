package io.github.geminibalance.plugins.upload.cfimgbed;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.http.HttpBody;
import io.github.geminibalance.plugin.api.http.HttpCall;
import io.github.geminibalance.plugin.api.http.HttpResult;
import io.github.geminibalance.plugin.api.upload.FormUploader;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

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
public final class CloudflareImgbedUploader extends FormUploader {

    public static final String PROVIDER = "cloudflare_imgbed";
    public static final String URL = "CLOUDFLARE_IMGBED_URL";
    public static final String AUTH_CODE = "CLOUDFLARE_IMGBED_AUTH_CODE";
    public static final String UPLOAD_FOLDER = "CLOUDFLARE_IMGBED_UPLOAD_FOLDER";

    private static final String HOST = "Cloudflare ImgBed";
    /** The ASCII characters that may stand in a URI as they are; anything else is percent-encoded. */
    private static final String URI_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

    /** The uploader PF4J creates. */
    public CloudflareImgbedUploader() {
        this(DEFAULT_TIMEOUT);
    }

    /** An uploader with another timeout, for tests. */
    CloudflareImgbedUploader(Duration timeout) {
        super(HOST, timeout);
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
    protected HttpCall call(ImageUpload image, PluginSettings settings, Duration timeout) {
        required(settings, URL);
        URI configured = urlSetting(settings, URL, "");
        return HttpCall.post(endpoint(configured, settings.get(AUTH_CODE, "").strip(), settings.get(UPLOAD_FOLDER, "").strip()),
                Map.of("Accept", "application/json"),
                new HttpBody.Multipart(List.of(HttpBody.FormPart.file("file", image.fileName(), image.mimeType(), image.data()))),
                timeout);
    }

    /** ImgBed answers a JSON array; anything else means it refused. */
    @Override
    protected URI urlFrom(JsonNode answer, HttpResult result, PluginSettings settings) {
        if (!answer.isArray()) {
            throw refused(answer, result);
        }
        String src = answer.path(0).path("src").asText("").strip();
        if (src.isEmpty()) {
            throw new UploadException(HOST + " answered without a URL in [0].src: " + shortened(result.bodyText()));
        }
        return absolute(src, urlSetting(settings, URL, ""));
    }

    /** ImgBed's own words: {@code error}, {@code error.message}, {@code message} or {@code msg}. */
    @Override
    protected String hostMessage(JsonNode answer) {
        for (JsonNode candidate : List.of(answer.path("error"), answer.path("error").path("message"),
                answer.path("message"), answer.path("msg"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return "";
    }

    /** The auth code, as it is and as it stands URL-encoded in the request's query. */
    @Override
    protected List<String> secrets(PluginSettings settings) {
        return settings.get(AUTH_CODE).map(String::strip)
                .map(code -> List.of(code, URLEncoder.encode(code, StandardCharsets.UTF_8).replace("+", "%20")))
                .orElse(List.of());
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
}
