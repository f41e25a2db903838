package io.github.geminibalance.plugin.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.plugin.api.http.HttpTransport;

/**
 * What the gateway hands an extension on every call: its settings, a way to make HTTP calls, and
 * the JSON mapper. Extensions hold no other reference to the gateway, so they never depend on
 * its web server or HTTP client.
 */
public interface PluginContext {

    /** The settings of the gateway (environment, {@code .env}, command line), as the plugin sees them. */
    PluginSettings settings();

    /** Non-blocking HTTP calls, with the gateway's connection pooling and timeouts. */
    HttpTransport http();

    /** A JSON mapper configured like the gateway's. */
    ObjectMapper json();
}
