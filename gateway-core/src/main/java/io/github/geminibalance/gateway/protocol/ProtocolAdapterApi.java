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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The calls of the protocol adapters, the gateway's own and the plugins': {@code POST} on each
 * path a plugin's adapter claimed, answered in the adapter's protocol, errors included, and the
 * requests the gateway's own surfaces hand to their built-in adapters. The router checks the
 * access token first, as on every surface; here the body is read and parsed, and
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
    private final Map<String, Route> builtIns = new LinkedHashMap<>();

    /**
     * @param routes each path a plugin's adapter serves, with its adapter, as the plugin host admitted them
     * @param builtIns the gateway's own adapters, which its surfaces call by id
     */
    public ProtocolAdapterApi(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, ResourceOwners owners,
            NativeRequestRewriter rewriter, PluginContext context, Map<String, Loaded<ProtocolAdapter>> routes,
            List<? extends BuiltInAdapter> builtIns) {
        this.maxBodyBytes = config.server().maxRequestBodyBytes();
        this.json = json;
        this.calls = new AdapterCalls(config, json, proxy, owners, rewriter, context);
        routes.forEach((path, adapter) -> this.routes.put(path, route(adapter)));
        builtIns.forEach(adapter -> this.builtIns.put(adapter.id(), route(new Loaded<>(Loaded.BUILT_IN, adapter.id(), adapter))));
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
            serve(exchange, route, body);
        });
    }

    /**
     * Serves, through the gateway's own adapter {@code adapterId}, a request whose body its surface
     * has read and parsed already (a surface looks at the body, or the query, first).
     */
    public void serveBuiltIn(HttpServerExchange exchange, String adapterId, JsonNode body) {
        serve(exchange, Objects.requireNonNull(builtIns.get(adapterId), adapterId), body);
    }

    private void serve(HttpServerExchange exchange, Route route, JsonNode body) {
        calls.serve(exchange, route.adapter(), route.errors(),
                new ClientRequest(exchange.getRequestPath(), headers(exchange), body));
    }

    private static Route route(Loaded<ProtocolAdapter> adapter) {
        return new Route(adapter, new AdapterErrors(adapter));
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
