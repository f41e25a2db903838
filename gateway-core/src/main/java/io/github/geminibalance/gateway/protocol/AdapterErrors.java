package io.github.geminibalance.gateway.protocol;

import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.github.geminibalance.plugin.api.protocol.ClientResponse;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of an adapter's routes in the adapter's own shape, through its {@code error()}: the
 * gateway's (401, 413, every key rate-limited) and upstream ones, which carry Google's message.
 * Should {@code error()} itself fail, the error goes out in Google's shape, so the client still
 * learns what happened.
 */
final class AdapterErrors implements ErrorRenderer {

    private static final Logger log = LoggerFactory.getLogger(AdapterErrors.class);

    private final Loaded<ProtocolAdapter> adapter;

    AdapterErrors(Loaded<ProtocolAdapter> adapter) {
        this.adapter = adapter;
    }

    @Override
    public CapturedResponse render(int status, String message) {
        try {
            return captured(adapter.extension().error(status, message));
        } catch (RuntimeException | LinkageError e) {
            log.warn("protocol adapter {} of plugin {} cannot render an error, Google's shape stands in",
                    adapter.id(), adapter.pluginId(), e);
            return ApiProtocol.GEMINI.render(status, message);
        }
    }

    /**
     * An adapter's response as the gateway sends it.
     *
     * @throws IllegalArgumentException if the adapter gave no response or a status no final response can have
     */
    static CapturedResponse captured(ClientResponse response) {
        if (response == null || response.status() < 200 || response.status() > 599) {
            throw new IllegalArgumentException("not a response to send: " + response);
        }
        return new CapturedResponse(response.status(), List.of(Map.entry("Content-Type", response.contentType())),
                response.body());
    }
}
