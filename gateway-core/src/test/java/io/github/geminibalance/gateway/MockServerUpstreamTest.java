package io.github.geminibalance.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.HttpResponse;

/**
 * Base of the integration tests that put MockServer where Google would be: one MockServer per
 * test class, reset before each test, and a fresh gateway per test pointing at it.
 */
public abstract class MockServerUpstreamTest {

    protected static ClientAndServer upstream;
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected Gateway gateway;

    @BeforeAll
    static void startUpstream() {
        ConfigurationProperties.logLevel("WARN");
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @BeforeEach
    void startGateway() {
        upstream.reset();
        gateway = TestGateways.start(upstreamBaseUrl(), settings());
    }

    @AfterEach
    void stopGateway() {
        gateway.shutdown(Duration.ofSeconds(1));
    }

    /** Settings on top of {@link TestGateways#config}'s, for every test of the class. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    protected static String upstreamBaseUrl() {
        return "http://127.0.0.1:" + upstream.getPort() + "/v1beta";
    }

    /** An address on the gateway under test. */
    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    /** MockServer answers requests to {@code path} with this status and JSON body. */
    protected static void answer(String path, int status, String body) {
        upstream.when(request().withPath(path)).respond(json(status, body));
    }

    protected static HttpResponse json(int status, String body) {
        return response().withStatusCode(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The one request MockServer received. */
    protected static HttpRequest onlyUpstreamRequest() {
        HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(1, received.length);
        return received[0];
    }

    /** A pool key in x-goog-api-key, and the client's token nowhere: not as a header, a query or in the body. */
    protected static void assertPoolKeyOnly(HttpRequest sent) {
        String key = sent.getFirstHeader("x-goog-api-key");
        assertTrue(Set.of(TestGateways.KEY_A, TestGateways.KEY_B, TestGateways.KEY_C).contains(key),
                "a pool key went upstream: " + key);
        assertFalse(sent.containsHeader("Authorization"));
        assertFalse(sent.getQueryStringParameterList().stream().anyMatch(p -> p.getName().getValue().equals("key")));
        assertFalse(String.valueOf(sent.getBodyAsString()).contains(TestGateways.CLIENT_TOKEN));
    }
}
