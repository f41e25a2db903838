package io.github.geminibalance.gateway.protocol;

import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import io.github.geminibalance.plugin.api.protocol.ClientResponse;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of an adapter's routes in the adapter's own shape, through its {@code error()}: its
 * own refusals, the gateway's errors (401, 413, every key rate-limited) and upstream ones, which
 * carry Google's message (a {@link BuiltInAdapter} relays those as its protocol does). Should
 * {@code error()} itself fail, the error goes out in Google's shape, so the client still learns
 * what happened.
 */
final class AdapterErrors implements ErrorRenderer {

    private static final Logger log = LoggerFactory.getLogger(AdapterErrors.class);
    static final String ADAPTER_FAILED = "The protocol adapter failed";

    private final Loaded<ProtocolAdapter> adapter;

    AdapterErrors(Loaded<ProtocolAdapter> adapter) {
        this.adapter = adapter;
    }

    @Override
    public CapturedResponse render(int status, String message) {
        return safely(() -> captured(adapter.extension().error(status, message)), status, message);
    }

    @Override
    public CapturedResponse relay(UpstreamResponseHead head, byte[] body) {
        return adapter.extension() instanceof BuiltInAdapter builtIn
                ? builtIn.protocol().relay(head, body) : ErrorRenderer.super.relay(head, body);
    }

    /** The response to a request the adapter refused. */
    CapturedResponse refusal(ProtocolException refusal) {
        return safely(() -> captured(adapter.extension().error(refusal)), refusal.status(), refusal.getMessage());
    }

    /** The response to a stage of the adapter that failed: a refusal, or a 500 for any other failure. */
    CapturedResponse failure(String method, Throwable failure) {
        Throwable cause = AdapterCalls.cause(failure);
        if (cause instanceof ProtocolException refused) {
            return refusal(refused);
        }
        AdapterCalls.failed(adapter, method, cause);
        return render(500, ADAPTER_FAILED);
    }

    private CapturedResponse safely(Supplier<CapturedResponse> rendering, int status, String message) {
        try {
            return rendering.get();
        } catch (RuntimeException | LinkageError e) {
            log.warn("protocol adapter {} of plugin {} cannot render an error, Google's shape stands in",
                    adapter.id(), adapter.pluginId(), e);
            return ApiProtocol.GEMINI.render(status, String.valueOf(message));
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
