package io.github.geminibalance.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.NativeRequestRewriter;
import io.github.geminibalance.gateway.gemini.ResourceOwners;
import io.github.geminibalance.gateway.http.RequestBodies;
import io.github.geminibalance.gateway.http.Responses;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.protocol.ClientRequest;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routes of the protocol adapters, the gateway's own and the plugins': {@code POST} on each
 * path an adapter claimed, answered in the adapter's protocol, errors included. The router checks
 * the access token first, as on every surface; here the body is read and parsed, and
 * {@link AdapterCalls} does the rest.
 */
public final class ProtocolAdapterApi {

    /** Request headers an adapter never sees: they may carry the client's token. */
    private static final Set<String> CREDENTIALS =
            Set.of("authorization", "proxy-authorization", "x-goog-api-key", "x-api-key", "cookie");

    private final long maxBodyBytes;
    private final ObjectMapper json;
    private final AdapterCalls calls;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    /** @param routes each path an adapter serves, with its adapter, as the plugin host has them */
    public ProtocolAdapterApi(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, ResourceOwners owners,
            NativeRequestRewriter rewriter, PluginContext context, Map<String, Loaded<ProtocolAdapter>> routes) {
        this.maxBodyBytes = config.server().maxRequestBodyBytes();
        this.json = json;
        this.calls = new AdapterCalls(config, json, proxy, owners, rewriter, context);
        routes.forEach((path, adapter) -> this.routes.put(path, new Route(adapter, new AdapterErrors(adapter))));
    }

    /** The error shape of the adapter serving {@code path} exactly, if an adapter does. */
    public Optional<ErrorRenderer> errorsAt(String path) {
        return Optional.ofNullable(routes.get(path)).map(Route::errors);
    }

    /** Serves an authenticated request on a path for which {@link #errorsAt} found an adapter. */
    public void handle(HttpServerExchange exchange, String path) {
        Route route = routes.get(path);
        if (!Methods.POST.equals(exchange.getRequestMethod())) {
            Responses.error(exchange, route.errors(), 405, "Use POST on " + path);
            return;
        }
        RequestBodies.read(exchange, maxBodyBytes, route.errors(), bytes -> {
            JsonNode body;
            try {
                body = json.readTree(bytes);
            } catch (IOException e) {
                body = null;
            }
            if (body == null || body.isMissingNode()) {
                Responses.error(exchange, route.errors(), 400, "The request body is not valid JSON");
                return;
            }
            serve(exchange, path, body);
        });
    }

    /**
     * Serves a request whose body has been read and parsed already, on a path of {@link #errorsAt}:
     * for a surface that looks at the body first.
     */
    public void serve(HttpServerExchange exchange, String path, JsonNode body) {
        Route route = routes.get(path);
        calls.serve(exchange, route.adapter(), route.errors(), new ClientRequest(path, headers(exchange), body));
    }

    /** The request's headers, names in lower case, credentials left out. */
    private static Map<String, String> headers(HttpServerExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString().toLowerCase(Locale.ROOT);
            if (!CREDENTIALS.contains(name)) {
                headers.put(name, String.join(", ", values));
            }
        }
        return headers;
    }

    private record Route(Loaded<ProtocolAdapter> adapter, AdapterErrors errors) {}
}
