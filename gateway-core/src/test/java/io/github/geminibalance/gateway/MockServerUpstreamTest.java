package io.github.geminibalance.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;

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
}
