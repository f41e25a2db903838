package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.openai.ChatTranslation.MediaFetch;
import io.github.geminibalance.gateway.upstream.UpstreamCall;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.gateway.upstream.UpstreamListener;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches the images that chat requests give by http(s) URL, so Gemini gets them inline with
 * their real content type. Each fetch is bounded in size and time, follows at most a few
 * redirects, and goes through a client whose {@link io.github.geminibalance.gateway.upstream.NetworkGuard}
 * refuses the gateway's own network.
 */
public final class MediaFetcher {

    static final int MAX_BYTES = 20 * 1024 * 1024;
    static final int MAX_REDIRECTS = 3;
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final UpstreamClient client;
    private final Executor starter;
    private final ScheduledExecutorService timer;
    private final Duration timeout;

    /**
     * @param starter where calls are started: the client resolves host names when it connects, and
     *     a DNS lookup may block, which must not happen on an I/O thread
     */
    public MediaFetcher(UpstreamClient client, Executor starter, ScheduledExecutorService timer) {
        this(client, starter, timer, TIMEOUT);
    }

    /** @param timeout the longest one image may take, redirects included each on their own */
    MediaFetcher(UpstreamClient client, Executor starter, ScheduledExecutorService timer, Duration timeout) {
        this.client = client;
        this.starter = starter;
        this.timer = timer;
        this.timeout = timeout;
    }

    /** Fetches every pending image and fills its part; fails with the first image that cannot be had. */
    public CompletableFuture<Void> fetchAll(List<MediaFetch> pending) {
        CompletableFuture<?>[] fetches = pending.stream()
                .map(media -> fetch(media.url(), MAX_REDIRECTS).thenAccept(fetched -> media.part().putObject("inlineData")
                        .put("mimeType", fetched.mimeType())
                        .put("data", Base64.getEncoder().encodeToString(fetched.bytes()))))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(fetches);
    }

    /** An image as fetched. */
    record Media(String mimeType, byte[] bytes) {}

    /** The fetch failed; the message is fit for the client. */
    static final class MediaFetchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MediaFetchException(String message) {
            super(message);
        }
    }

    private CompletableFuture<Media> fetch(URI url, int redirectsLeft) {
        String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            return CompletableFuture.failedFuture(new MediaFetchException("only http(s) image URLs can be fetched"));
        }
        Fetch fetch = new Fetch(url);
        UpstreamCall call = client.call(new UpstreamRequest("GET", url, List.of(Map.entry("Accept", "image/*, */*;q=0.5")), null));
        AtomicBoolean timedOut = new AtomicBoolean();
        var deadline = timer.schedule(() -> {
            timedOut.set(true);
            call.cancel();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        starter.execute(() -> call.start(fetch.listener(call)));
        return fetch.result.whenComplete((media, failure) -> deadline.cancel(false)).handle((media, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(media);
            }
            if (timedOut.get()) {
                return CompletableFuture.<Media>failedFuture(new MediaFetchException(
                        "fetching " + url + " took longer than " + timeout.toSeconds() + " s"));
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof Redirect redirect) {
                return redirectsLeft > 0
                        ? fetch(url.resolve(redirect.location), redirectsLeft - 1)
                        : CompletableFuture.<Media>failedFuture(new MediaFetchException("too many redirects for " + url));
            }
            return CompletableFuture.<Media>failedFuture(cause instanceof MediaFetchException
                    ? cause : new MediaFetchException("could not fetch " + url + ": " + describe(cause)));
        }).thenCompose(next -> next);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** A redirect to follow, carried through the failure path of one fetch. */
    private static final class Redirect extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String location;

        Redirect(String location) {
            super(null, null, false, false);
            this.location = location;
        }
    }

    /** The state of one GET. */
    private static final class Fetch {
        private final URI url;
        private final CompletableFuture<Media> result = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private UpstreamResponseHead head;

        Fetch(URI url) {
            this.url = url;
        }

        UpstreamListener listener(UpstreamCall call) {
            return new UpstreamListener() {
                @Override
                public void onHead(UpstreamResponseHead response) {
                    head = response;
                    if (response.status() >= 300 && response.status() < 400 && response.header("Location").isPresent()) {
                        result.completeExceptionally(new Redirect(response.header("Location").get()));
                        call.cancel();
                    } else if (!response.successful()) {
                        result.completeExceptionally(new MediaFetchException(url + " answered HTTP " + response.status()));
                        call.cancel();
                    }
                }

                @Override
                public void onData(ByteBuffer chunk) {
                    if (body.size() + chunk.remaining() > MAX_BYTES) {
                        result.completeExceptionally(new MediaFetchException(
                                url + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB"));
                        call.cancel();
                        return;
                    }
                    byte[] bytes = new byte[chunk.remaining()];
                    chunk.get(bytes);
                    body.write(bytes, 0, bytes.length);
                    call.acknowledge(bytes.length);
                }

                @Override
                public void onEnd() {
                    byte[] bytes = body.toByteArray();
                    String type = head.header("Content-Type").map(value -> value.split(";")[0].trim().toLowerCase(Locale.ROOT))
                            .filter(value -> !value.isEmpty() && !value.equals("application/octet-stream"))
                            .orElseGet(() -> MediaTypes.sniff(bytes));
                    if (type == null) {
                        result.completeExceptionally(new MediaFetchException(url + " has no recognisable content type"));
                    } else {
                        result.complete(new Media(type, bytes));
                    }
                }

                @Override
                public void onFailure(Exception cause) {
                    result.completeExceptionally(cause);
                }
            };
        }
    }
}
