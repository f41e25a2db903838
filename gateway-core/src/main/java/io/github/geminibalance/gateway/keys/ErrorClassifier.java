package io.github.geminibalance.gateway.keys;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;

/**
 * Turns what the upstream answered to one attempt into an {@link Outcome} for the key that made it
 * (DESIGN.md §2, protocols.md §4.3).
 *
 * <p>It decides on the HTTP status and on the {@code ErrorInfo} reasons and quota ids of the body,
 * and reads Google's message text only where Gemini sends no machine-readable detail. Every reason
 * it produces is a short fixed phrase: Google's messages and exception messages can quote the key
 * or a URL holding it, and reasons end up on the admin page.
 */
public final class ErrorClassifier {

    /** The cooldown of a 429 that does not say how long to wait. */
    static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);

    static final Duration MIN_COOLDOWN = Duration.ofSeconds(1);
    static final Duration MAX_COOLDOWN = Duration.ofHours(1);

    /**
     * {@code ErrorInfo} reasons that condemn the key (or its project) rather than the request,
     * from the googleapis {@code ErrorReason} set, in words for the admin page.
     */
    private static final Map<String, String> KEY_REASONS = Map.ofEntries(
            Map.entry("API_KEY_INVALID", "invalid API key"),
            Map.entry("CONSUMER_SUSPENDED", "suspended"),
            Map.entry("CONSUMER_INVALID", "invalid consumer project"),
            Map.entry("SERVICE_DISABLED", "Gemini API disabled in the key's project"),
            Map.entry("BILLING_DISABLED", "billing disabled in the key's project"),
            Map.entry("API_KEY_SERVICE_BLOCKED", "key not allowed to call the Gemini API"),
            Map.entry("API_KEY_HTTP_REFERRER_BLOCKED", "key restricted to other HTTP referrers"),
            Map.entry("API_KEY_IP_ADDRESS_BLOCKED", "key restricted to other IP addresses"),
            Map.entry("API_KEY_ANDROID_APP_BLOCKED", "key restricted to an Android app"),
            Map.entry("API_KEY_IOS_APP_BLOCKED", "key restricted to an iOS app"),
            Map.entry("ACCESS_TOKEN_SCOPE_INSUFFICIENT", "insufficient access scope"));

    private static final int MAX_CAUSE_DEPTH = 16;

    /** A {@code google.rpc.Code} name, the only part of the body safe to quote in a reason. */
    private static final Pattern STATUS_NAME = Pattern.compile("[A-Z_]{1,40}");

    /**
     * Classifies an upstream HTTP answer.
     *
     * @param status the upstream HTTP status
     * @param body the upstream body (may be empty, HTML or {@code null})
     * @param resourceScoped whether the request referred to a {@code files/} or
     *     {@code cachedContents/} resource: such a resource belongs to the project of the key that
     *     created it, so a bare 403 means "wrong key for this file", not "dead key"
     */
    public Outcome classify(int status, byte[] body, boolean resourceScoped) {
        if (status >= 200 && status < 300) {
            return new Outcome.Success();
        }
        GoogleError error = GoogleError.parse(body);
        return switch (status) {
            case 400 -> badRequest(error);
            case 401 -> new Outcome.Dead("unauthenticated");
            case 403 -> forbidden(error, resourceScoped);
            case 429 -> rateLimited(error);
            case 408 -> new Outcome.Transient("HTTP 408");
            default -> status >= 400 && status < 500
                    ? clientError(status, error)
                    // 5xx, and the 1xx/3xx the API never sends: the upstream misbehaved, not the client.
                    : new Outcome.Transient("HTTP " + status);
        };
    }

    /**
     * Classifies an attempt that got no HTTP answer. Always {@link Outcome.Transient}, except a
     * cancellation (the client went away), which says nothing about the key.
     */
    public Outcome classifyFailure(Throwable failure) {
        boolean io = false;
        // The cause that names the failure is often wrapped (ExecutionException, CompletionException,
        // a library's IOException); the depth bound guards against cause cycles.
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            Optional<Outcome> known = known(t);
            if (known.isPresent()) {
                return known.get();
            }
            io |= t instanceof IOException;
        }
        return new Outcome.Transient(io ? "I/O error" : "upstream call failed");
    }

    private static Optional<Outcome> known(Throwable t) {
        if (t instanceof CancellationException) {
            return Optional.of(new Outcome.ClientError("cancelled"));
        }
        String reason = null;
        if (t instanceof ConnectTimeoutException) {
            reason = "connect timeout";
        } else if (t instanceof InterruptedIOException || t instanceof TimeoutException) {
            // SocketTimeoutException (HttpClient's response timeout), pool lease and future timeouts.
            reason = "timeout";
        } else if (t instanceof ConnectException) {
            reason = "connection refused";
        } else if (t instanceof NoRouteToHostException) {
            reason = "no route to host";
        } else if (t instanceof UnknownHostException) {
            reason = "unknown host";
        } else if (t instanceof SSLException) {
            reason = "TLS error";
        } else if (t instanceof ConnectionClosedException || t instanceof EOFException) {
            reason = "connection closed";
        } else if (t instanceof SocketException) {
            // The message is read to tell a reset apart, never copied: it may hold an address.
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            reason = message.contains("reset") ? "connection reset" : "connection error";
        }
        return Optional.ofNullable(reason).map(Outcome.Transient::new);
    }

    private static Outcome badRequest(GoogleError error) {
        Optional<String> keyReason = keyReason(error);
        if (keyReason.isPresent()) {
            return new Outcome.Dead(keyReason.get());
        }
        if (error.reasons().isEmpty()) {
            // Older and some non-generate endpoints answer an invalid key without any ErrorInfo.
            String message = error.message().toLowerCase(Locale.ROOT);
            if (message.contains("api key not valid") || message.contains("api key not found")) {
                return new Outcome.Dead("invalid API key");
            }
            if (message.contains("api key expired")) {
                return new Outcome.Dead("API key expired");
            }
        }
        // INVALID_ARGUMENT is the client's payload; FAILED_PRECONDITION ("User location is not
        // supported") is about where the caller runs, and another key would fare no better.
        return clientError(400, error);
    }

    private static Outcome forbidden(GoogleError error, boolean resourceScoped) {
        Optional<String> keyReason = keyReason(error);
        if (keyReason.isPresent()) {
            return new Outcome.Dead(keyReason.get());
        }
        String message = error.message().toLowerCase(Locale.ROOT);
        if (message.contains("suspended")) {
            return new Outcome.Dead("suspended");
        }
        if (message.contains("has been disabled")) {
            return new Outcome.Dead("disabled");
        }
        if (resourceScoped) {
            return new Outcome.ClientError("HTTP 403 on a file or cached content of another key");
        }
        return new Outcome.Dead("permission denied");
    }

    private static Outcome rateLimited(GoogleError error) {
        if (error.quotaIds().stream().anyMatch(id -> id.contains("PerDay"))) {
            return new Outcome.Exhausted("daily quota exhausted");
        }
        Duration delay = error.retryDelay() == null ? DEFAULT_COOLDOWN : error.retryDelay();
        if (delay.compareTo(MIN_COOLDOWN) < 0) {
            delay = MIN_COOLDOWN;
        } else if (delay.compareTo(MAX_COOLDOWN) > 0) {
            delay = MAX_COOLDOWN;
        }
        return new Outcome.Cooling(delay, "rate limited");
    }

    private static Outcome clientError(int status, GoogleError error) {
        String name = STATUS_NAME.matcher(error.status()).matches() ? " " + error.status() : "";
        return new Outcome.ClientError("HTTP " + status + name);
    }

    private static Optional<String> keyReason(GoogleError error) {
        return error.reasons().stream()
                .filter(KEY_REASONS::containsKey)
                .findFirst()
                .map(KEY_REASONS::get);
    }
}
