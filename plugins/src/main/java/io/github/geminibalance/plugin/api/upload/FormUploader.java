package io.github.geminibalance.plugin.api.upload;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.http.HttpCall;
import io.github.geminibalance.plugin.api.http.HttpResult;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The common case of an {@link ImageUploader}: one HTTP call (a multipart form, usually) to an
 * image host that answers JSON. A subclass says how to build the call and where the URL is in a
 * successful answer; this class sends it without blocking, bounds it with a timeout, turns every
 * failure into an {@link UploadException} with the host's own words, and keeps the subclass's
 * secrets out of every message.
 */
public abstract class FormUploader implements ImageUploader {

    /** How long an upload may take, answer included, unless a subclass says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final int MESSAGE_LENGTH = 300;

    private final String host;
    private final Duration timeout;

    /** @param host the host's name for messages, e.g. {@code SM.MS} */
    protected FormUploader(String host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
    }

    /**
     * The call for one upload.
     *
     * @throws UploadException when a needed setting is missing or malformed
     */
    protected abstract HttpCall call(ImageUpload image, PluginSettings settings, Duration timeout);

    /**
     * The image's URL in a successful (2xx) JSON answer.
     *
     * @throws UploadException when the host refused the upload after all; see {@link #refused}
     */
    protected abstract URI urlFrom(JsonNode answer, HttpResult result, PluginSettings settings);

    /** Setting values that must never appear in a message (tokens, keys). */
    protected abstract List<String> secrets(PluginSettings settings);

    /** The host's own explanation in an answer, if it gave one; by default its {@code message}. */
    protected String hostMessage(JsonNode answer) {
        return answer.path("message").isTextual() ? answer.path("message").asText() : "";
    }

    @Override
    public final CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
        PluginSettings settings = context.settings();
        CompletableFuture<URI> answer = new CompletableFuture<>();
        try {
            context.http().send(call(image, settings, timeout)).whenComplete((result, failure) -> {
                try {
                    if (failure != null) {
                        throw unreachable(failure);
                    }
                    answer.complete(urlIn(result, parse(result, context), settings));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(redacted(e, settings));
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(redacted(e, settings));
        }
        return answer;
    }

    /** An upload the host refused; the message is the host's, or the start of its answer. */
    protected final UploadException refused(JsonNode answer, HttpResult result) {
        return new UploadException(host + " refused the upload: " + explanation(answer, result));
    }

    /** An http(s) URL given as text, or the reason it is none; {@code where} names its place for the message. */
    protected final URI webUrl(String text, String where) {
        try {
            URI uri = new URI(text.strip());
            if (isWeb(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UploadException(host + " answered without a usable URL in " + where + ": "
                + (text.isBlank() ? "(none)" : shortened(text)));
    }

    /** An http(s) URL setting, or its default; the message names the setting, never its value. */
    protected static URI urlSetting(PluginSettings settings, String name, String fallback) {
        String value = settings.get(name, fallback).strip();
        try {
            URI uri = new URI(value);
            if (isWeb(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UploadException(name + " is not an http(s) URL"); // its query might hold a secret
    }

    /** A required setting, or an {@link UploadException} saying it is missing. */
    protected final String required(PluginSettings settings, String name) {
        return settings.get(name).map(String::strip)
                .orElseThrow(() -> new UploadException(host + " is not configured: set " + name));
    }

    protected static boolean isWeb(URI uri) {
        return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }

    protected static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MESSAGE_LENGTH ? line : line.substring(0, MESSAGE_LENGTH) + "…";
    }

    private URI urlIn(HttpResult result, JsonNode answer, PluginSettings settings) {
        if (!result.successful()) {
            throw new UploadException(host + " answered HTTP " + result.status() + ": " + explanation(answer, result));
        }
        if (answer == null) {
            throw new UploadException(host + " answered with something other than JSON: " + snippet(result));
        }
        return urlFrom(answer, result, settings);
    }

    private static JsonNode parse(HttpResult result, PluginContext context) {
        try {
            JsonNode node = context.json().readTree(result.body());
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private String explanation(JsonNode answer, HttpResult result) {
        String message = answer == null ? "" : hostMessage(answer);
        return message.isBlank() ? snippet(result) : shortened(message);
    }

    private static String snippet(HttpResult result) {
        String text = result.bodyText().strip();
        return text.isEmpty() ? "(empty answer)" : shortened(text);
    }

    /** The failure of a call that got no answer. */
    private UploadException unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new UploadException(host + " did not answer within " + readable(timeout), cause);
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new UploadException(host + " could not be reached: " + reason, cause);
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The failure as the client may see it: an {@link UploadException} that holds no secret. */
    private UploadException redacted(RuntimeException failure, PluginSettings settings) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!(failure instanceof UploadException)) {
            message = host + " upload failed: " + message;
        }
        boolean scrubbed = false;
        for (String secret : secrets(settings)) {
            if (secret != null && !secret.isBlank() && message.contains(secret)) {
                message = message.replace(secret, "[redacted]");
                scrubbed = true;
            }
        }
        if (scrubbed || !(failure instanceof UploadException)) {
            return new UploadException(message, scrubbed ? null : failure);
        }
        return (UploadException) failure;
    }
}
