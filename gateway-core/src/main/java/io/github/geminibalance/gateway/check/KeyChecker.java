package io.github.geminibalance.gateway.check;

import io.github.geminibalance.gateway.gemini.UpstreamUrls;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.ErrorClassifier;
import io.github.geminibalance.gateway.keys.Outcome;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Checks Gemini API keys against the upstream, without blocking: the CLI's {@code keys check} and
 * the gateway's scheduled recovery use it.
 *
 * <p>The cheap probe reads the {@code TEST_MODEL} description ({@code GET models/{model}}), which
 * needs a valid key but costs no generation quota. The deep probe then also generates one token
 * with {@code TEST_MODEL}, which proves the key may generate, at the price of one request of its
 * quota. Answers are classified as the pool classifies them ({@link ErrorClassifier}), so a key
 * the check calls invalid is a key the pool would take out of rotation.
 */
public final class KeyChecker {

    private static final byte[] ONE_TOKEN = ("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
            + "\"generationConfig\":{\"maxOutputTokens\":1}}").getBytes(StandardCharsets.UTF_8);

    private final UpstreamClient client;
    private final ScheduledExecutorService timer;
    private final URI modelUri;
    private final URI generateUri;
    private final Duration timeout;
    private final ErrorClassifier classifier = new ErrorClassifier();

    /**
     * @param client the upstream client the probes go through
     * @param timer where probe deadlines are kept
     * @param baseUrl {@code BASE_URL}, e.g. {@code https://generativelanguage.googleapis.com/v1beta}
     * @param testModel {@code TEST_MODEL}, e.g. {@code gemini-2.5-flash-lite}
     * @param timeout the longest one probe may take
     */
    public KeyChecker(
            UpstreamClient client, ScheduledExecutorService timer, URI baseUrl, String testModel, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        UpstreamUrls urls = new UpstreamUrls(baseUrl);
        this.modelUri = urls.api("models/" + testModel, "");
        this.generateUri = urls.api("models/" + testModel + ":generateContent", "");
    }

    /**
     * Checks one key: the cheap probe, and with {@code deep} then the one-token generation. The
     * future never fails: a probe that gets no answer lands in {@link KeyClass#NETWORK_ERROR}.
     */
    public CompletableFuture<KeyCheckResult> check(ApiKey key, boolean deep) {
        long start = System.nanoTime();
        return probe(key, "GET", modelUri, null, "model readable")
                .thenCompose(cheap -> deep && cheap.klass() == KeyClass.OK
                        ? probe(key, "POST", generateUri, ONE_TOKEN, "one token generated")
                        : CompletableFuture.completedFuture(cheap))
                .thenApply(verdict -> new KeyCheckResult(
                        key, verdict.klass(), verdict.reason(), Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Checks many keys with at most {@code concurrency} checks in flight.
     *
     * @param progress told after every key, one call at a time
     * @return the results in the order of {@code keys}
     */
    public CompletableFuture<List<KeyCheckResult>> checkAll(
            List<ApiKey> keys, int concurrency, boolean deep, Consumer<CheckProgress> progress) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
        return new CheckRun(keys, key -> check(key, deep), progress).start(concurrency);
    }

    private record Verdict(KeyClass klass, String reason) {}

    private CompletableFuture<Verdict> probe(ApiKey key, String method, URI uri, byte[] body, String okReason) {
        List<Map.Entry<String, String>> headers = body == null
                ? List.of(Map.entry("x-goog-api-key", key.value()))
                : List.of(Map.entry("x-goog-api-key", key.value()), Map.entry("Content-Type", "application/json"));
        return ProbeExchange.send(client, new UpstreamRequest(method, uri, headers, body), timer, timeout)
                .handle((answer, failure) -> failure == null
                        ? answered(answer, okReason)
                        : new Verdict(KeyClass.NETWORK_ERROR, reasonOf(classifier.classifyFailure(failure))));
    }

    private Verdict answered(ProbeExchange.Answer answer, String okReason) {
        Outcome outcome = classifier.classify(answer.status(), answer.body(), false);
        if (outcome instanceof Outcome.Success) {
            return new Verdict(KeyClass.OK, okReason);
        }
        if (outcome instanceof Outcome.Dead dead) {
            return new Verdict(answer.status() == 403 ? KeyClass.SUSPENDED : KeyClass.INVALID, dead.reason());
        }
        if (outcome instanceof Outcome.Cooling cooling) {
            return new Verdict(KeyClass.RATE_LIMITED,
                    "rate limited for " + cooling.retryDelay().toSeconds() + " s");
        }
        if (outcome instanceof Outcome.Exhausted exhausted) {
            return new Verdict(KeyClass.QUOTA_EXHAUSTED, exhausted.reason());
        }
        return new Verdict(KeyClass.UPSTREAM_ERROR, reasonOf(outcome));
    }

    private static String reasonOf(Outcome outcome) {
        if (outcome instanceof Outcome.Transient failure) {
            return failure.reason();
        }
        if (outcome instanceof Outcome.ClientError error) {
            return error.reason();
        }
        return outcome.toString();
    }
}
