package io.github.geminibalance.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorClassifierTest {

    /** The fake key quoted by the suspended fixtures; no reason may ever contain it. */
    private static final String FIXTURE_KEY = "AIzaSyFAKE-fixture-key-0000000000000000";

    private final ErrorClassifier classifier = new ErrorClassifier();

    static Stream<Arguments> upstreamErrors() {
        return Stream.of(
                Arguments.of("400-api-key-invalid.json", 400, false, new Outcome.Dead("invalid API key")),
                Arguments.of("400-api-key-invalid-in-array.json", 400, false, new Outcome.Dead("invalid API key")),
                Arguments.of("400-api-key-invalid-no-details.json", 400, false, new Outcome.Dead("invalid API key")),
                Arguments.of("400-invalid-argument.json", 400, false, new Outcome.ClientError("HTTP 400 INVALID_ARGUMENT")),
                Arguments.of("400-user-location.json", 400, false, new Outcome.ClientError("HTTP 400 FAILED_PRECONDITION")),
                Arguments.of("401-unauthenticated.json", 401, false, new Outcome.Dead("unauthenticated")),
                Arguments.of("403-consumer-suspended.json", 403, false, new Outcome.Dead("suspended")),
                // A key-level reason wins even when the request touched a file.
                Arguments.of("403-consumer-suspended.json", 403, true, new Outcome.Dead("suspended")),
                Arguments.of("403-suspended-no-details.json", 403, false, new Outcome.Dead("suspended")),
                Arguments.of("403-tos-disabled.json", 403, false, new Outcome.Dead("disabled")),
                Arguments.of(
                        "403-service-disabled.json", 403, false,
                        new Outcome.Dead("Gemini API disabled in the key's project")),
                Arguments.of("403-permission-denied.json", 403, false, new Outcome.Dead("permission denied")),
                Arguments.of(
                        "403-file-permission-denied.json", 403, true,
                        new Outcome.ClientError("HTTP 403 on a file or cached content of another key")),
                Arguments.of(
                        "429-per-minute.json", 429, false, new Outcome.Cooling(Duration.ofSeconds(26), "rate limited")),
                Arguments.of("429-per-day.json", 429, false, new Outcome.Exhausted("daily quota exhausted")),
                Arguments.of(
                        "429-no-details.json", 429, false, new Outcome.Cooling(Duration.ofSeconds(60), "rate limited")),
                Arguments.of("404-model-not-found.json", 404, false, new Outcome.ClientError("HTTP 404 NOT_FOUND")),
                Arguments.of("500-internal.json", 500, false, new Outcome.Transient("HTTP 500")),
                Arguments.of("502-google-front-end.html", 502, false, new Outcome.Transient("HTTP 502")),
                Arguments.of("503-overloaded.json", 503, false, new Outcome.Transient("HTTP 503")),
                Arguments.of("504-deadline-exceeded.json", 504, false, new Outcome.Transient("HTTP 504")));
    }

    @ParameterizedTest(name = "{0} (HTTP {1}, resource-scoped {2}) -> {3}")
    @MethodSource("upstreamErrors")
    void classifiesRealGeminiErrorBodies(String fixture, int status, boolean resourceScoped, Outcome expected)
            throws IOException {
        Outcome outcome = classifier.classify(status, fixture(fixture), resourceScoped);

        assertEquals(expected, outcome);
        assertFalse(outcome.toString().contains(FIXTURE_KEY), "reason must not quote the key");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204})
    void twoHundredsAreSuccess(int status) {
        assertEquals(new Outcome.Success(), classifier.classify(status, new byte[0], false));
    }

    @ParameterizedTest
    @ValueSource(ints = {409, 413, 422, 499})
    void otherFourHundredsAreTheClientsFault(int status) {
        assertInstanceOf(Outcome.ClientError.class, classifier.classify(status, new byte[0], false));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 501, 502, 599})
    void requestTimeoutAndEveryServerErrorAreTransient(int status) {
        assertEquals(new Outcome.Transient("HTTP " + status), classifier.classify(status, null, false));
    }

    @Test
    void clientErrorReasonQuotesOnlyAWellFormedStatusName() {
        byte[] body = "{\"error\":{\"code\":404,\"status\":\"key=AIzaSyFAKE\"}}".getBytes(StandardCharsets.UTF_8);

        assertEquals(new Outcome.ClientError("HTTP 404"), classifier.classify(404, body, false));
    }

    @Test
    void retryDelayIsClampedToOneSecondAtLeast() {
        assertEquals(Duration.ofSeconds(1), cooling(retryInfo("0.5s")).retryDelay());
    }

    @Test
    void retryDelayIsClampedToOneHourAtMost() {
        assertEquals(Duration.ofHours(1), cooling(retryInfo("86400s")).retryDelay());
    }

    @Test
    void fractionalRetryDelayIsKept() {
        assertEquals(Duration.ofMillis(1500), cooling(retryInfo("1.5s")).retryDelay());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new SocketTimeoutException("Read timed out"), new Outcome.Transient("timeout")),
                Arguments.of(new TimeoutException(), new Outcome.Transient("timeout")),
                Arguments.of(
                        new ConnectTimeoutException("Connect to https://generativelanguage.googleapis.com:443 timed out"),
                        new Outcome.Transient("connect timeout")),
                Arguments.of(new ConnectException("Connection refused"), new Outcome.Transient("connection refused")),
                Arguments.of(new SocketException("Connection reset"), new Outcome.Transient("connection reset")),
                Arguments.of(new SocketException("Broken pipe"), new Outcome.Transient("connection error")),
                Arguments.of(
                        new UnknownHostException("generativelanguage.googleapis.com"),
                        new Outcome.Transient("unknown host")),
                Arguments.of(new SSLHandshakeException("PKIX path building failed"), new Outcome.Transient("TLS error")),
                Arguments.of(new EOFException(), new Outcome.Transient("connection closed")),
                Arguments.of(
                        new ExecutionException(new SocketTimeoutException("timeout")), new Outcome.Transient("timeout")),
                Arguments.of(
                        new CompletionException(new IOException("wrapped", new ConnectException("refused"))),
                        new Outcome.Transient("connection refused")),
                Arguments.of(
                        new UncheckedIOException(new IOException("POST https://x/v1beta/models?key=" + FIXTURE_KEY)),
                        new Outcome.Transient("I/O error")),
                Arguments.of(new IllegalStateException("boom"), new Outcome.Transient("upstream call failed")),
                Arguments.of(new CancellationException(), new Outcome.ClientError("cancelled")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void classifiesFailuresWithoutAnAnswer(Throwable failure, Outcome expected) {
        Outcome outcome = classifier.classifyFailure(failure);

        assertEquals(expected, outcome);
        assertFalse(outcome.toString().contains(FIXTURE_KEY), "reason must not quote the key");
    }

    @Test
    void survivesACauseCycle() {
        IOException a = new IOException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);

        assertEquals(new Outcome.Transient("I/O error"), classifier.classifyFailure(a));
    }

    private Outcome.Cooling cooling(byte[] body) {
        return assertInstanceOf(Outcome.Cooling.class, classifier.classify(429, body, false));
    }

    private static byte[] retryInfo(String delay) {
        return ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay + "\"}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ErrorClassifierTest.class.getResourceAsStream("/upstream-errors/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
