package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.admin.AdminApi;
import io.github.geminibalance.gateway.admin.AdminPages;
import io.github.geminibalance.gateway.admin.AdminSessions;
import io.github.geminibalance.gateway.admin.LogsApi;
import io.github.geminibalance.gateway.admin.SameOrigin;
import io.github.geminibalance.gateway.gemini.GeminiNativeApi;
import io.github.geminibalance.gateway.http.AccessControl.Caller;
import io.github.geminibalance.gateway.observe.RouteNames;
import io.github.geminibalance.gateway.openai.OpenAiApi;
import io.github.geminibalance.gateway.protocol.ProtocolAdapterApi;
import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Sends each request to its route family and checks access first. Gemini paths end in
 * {@code {model}:{method}}, which Undertow's path templates cannot express, so routing is done
 * here by prefix. Paths of protocol adapters match exactly; they never overlap the gateway's own.
 * Every route family answers errors in its own protocol's shape.
 */
public final class GatewayRouter implements HttpHandler {

    private static final byte[] HEALTHY = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
    private static final String GEMINI_PREFIX = "/gemini";
    /**
     * The upload URL handed to clients keeps the {@code /gemini} prefix they used, as the JS SDK
     * follows it verbatim; the Java SDK instead appends its path to its own base URL, which
     * doubles the prefix, so {@code /gemini/gemini/upload/...} is accepted too.
     */
    private static final String UPLOAD_PATH = "/upload/v1beta/files";

    private final AccessControl access;
    private final boolean adminEnabled;
    private final GeminiNativeApi gemini;
    private final OpenAiApi openAi;
    private final KeyListHandler keyList;
    private final AdminApi adminApi;
    private final LogsApi logsApi;
    private final AdminSessions sessions;
    private final AdminPages pages;
    private final ProtocolAdapterApi adapters;
    private final MetricsHandler metrics;

    public GatewayRouter(AccessControl access, boolean adminEnabled, GeminiNativeApi gemini, OpenAiApi openAi,
            KeyListHandler keyList, AdminApi adminApi, LogsApi logsApi, AdminSessions sessions, AdminPages pages,
            ProtocolAdapterApi adapters, MetricsHandler metrics) {
        this.access = access;
        this.adminEnabled = adminEnabled;
        this.sessions = sessions;
        this.pages = pages;
        this.gemini = gemini;
        this.openAi = openAi;
        this.keyList = keyList;
        this.adminApi = adminApi;
        this.logsApi = logsApi;
        this.adapters = adapters;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            route(exchange);
        } catch (Exception e) {
            Responses.internalError(exchange, errorsAt(exchange.getRequestPath()), e);
        }
    }

    private void route(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        if (path.equals("/health")) {
            Responses.json(exchange, 200, HEALTHY);
            return;
        }
        if (path.equals("/metrics")) { // no API call: scrapes are not counted as requests
            metrics.handle(exchange);
            return;
        }
        if (path.equals("/v1/keys/list") || path.equals("/hf/v1/keys/list")) {
            if (admitted(exchange)) {
                keyList(exchange);
            }
            return;
        }
        if (AdminApi.serves(path)) {
            if (admitted(exchange)) {
                adminApi.handle(exchange);
            }
            return;
        }
        if (LogsApi.serves(path)) {
            if (admitted(exchange)) {
                logsApi.handle(exchange);
            }
            return;
        }
        if (AdminPages.serves(path)) {
            pages.handle(exchange);
            return;
        }
        boolean prefixed = path.startsWith(GEMINI_PREFIX + "/");
        String rest = prefixed ? path.substring(GEMINI_PREFIX.length()) : path;
        if (rest.equals(UPLOAD_PATH) || prefixed && rest.equals(GEMINI_PREFIX + UPLOAD_PATH)) {
            if (apiCall(exchange, RouteNames.template(path), ApiProtocol.GEMINI)) {
                gemini.handleUpload(exchange, prefixed ? GEMINI_PREFIX : "");
            }
        } else if (rest.startsWith("/v1beta/")) {
            if (apiCall(exchange, RouteNames.template(path), ApiProtocol.GEMINI)) {
                gemini.handle(exchange, rest.substring("/v1beta/".length()));
            }
        } else if (isGeminiOnV1(exchange, rest, prefixed)) {
            if (apiCall(exchange, RouteNames.template(path), ApiProtocol.GEMINI)) {
                gemini.handle(exchange, rest.substring("/v1/".length()));
            }
        } else if (!prefixed && (path.startsWith("/v1/") || path.startsWith("/hf/v1/"))) {
            if (apiCall(exchange, RouteNames.template(path), ApiProtocol.OPENAI)) {
                openAi.handle(exchange, path.substring(path.indexOf("/v1/") + "/v1/".length()));
            }
        } else {
            Optional<ErrorRenderer> adapter = adapters.errorsAt(path);
            if (adapter.isEmpty()) {
                Responses.error(exchange, protocolOf(path), 404, "Unknown route " + path);
            } else if (apiCall(exchange, path, adapter.get())) { // an adapter's paths are few and fixed
                adapters.handle(exchange, path);
            }
        }
    }

    /**
     * New Google SDKs call {@code /v1/models/...}. A method call ({@code :generateContent}) is
     * always Gemini; a model list or lookup is Gemini when the caller authenticates the way
     * Google's clients do, and OpenAI's {@code GET /v1/models} otherwise.
     */
    private static boolean isGeminiOnV1(HttpServerExchange exchange, String rest, boolean prefixed) {
        if (!rest.equals("/v1/models") && !rest.startsWith("/v1/models/")) {
            return false;
        }
        boolean methodCall = rest.indexOf(':') >= 0;
        return methodCall || prefixed || (Methods.GET.equals(exchange.getRequestMethod())
                && AccessControl.usesGoogleStyle(exchange));
    }

    /** Marks an API call of {@code route} for the request log and the metrics, then checks its caller. */
    private boolean apiCall(HttpServerExchange exchange, String route, ErrorRenderer errors) {
        RequestLogContext context = RequestLogContext.of(exchange);
        context.route(route);
        if (!authenticated(exchange, errors)) {
            return false;
        }
        context.authenticated();
        return true;
    }

    private boolean authenticated(HttpServerExchange exchange, ErrorRenderer errors) {
        if (access.identify(exchange) != Caller.ANONYMOUS) {
            return true;
        }
        Responses.error(exchange, errors, 401, errors == ApiProtocol.OPENAI
                ? "Invalid API key: send the gateway's access token as Authorization: Bearer <token>"
                : "Missing or invalid access token: send it as x-goog-api-key, x-api-key, ?key= or Authorization: Bearer");
        return false;
    }

    /**
     * Whether the request carries the admin token, or the cookie of an admin page's session (which
     * changes state only from the gateway's own pages); if not, it has been answered 403 or 401.
     */
    private boolean admitted(HttpServerExchange exchange) {
        if (!adminEnabled) {
            Responses.error(exchange, ApiProtocol.OPENAI, 403, "Admin features are off: AUTH_TOKEN is not set");
            return false;
        }
        if (access.identify(exchange) == Caller.ADMIN) {
            return true;
        }
        if (!sessions.isOpen(exchange)) {
            Responses.error(exchange, ApiProtocol.OPENAI, 401, "This route needs the admin token (AUTH_TOKEN)");
            return false;
        }
        if (!SameOrigin.admits(exchange)) {
            Responses.error(exchange, ApiProtocol.OPENAI, 403, "Cross-site request refused");
            return false;
        }
        return true;
    }

    private void keyList(HttpServerExchange exchange) throws Exception {
        if (Methods.GET.equals(exchange.getRequestMethod())) {
            keyList.handle(exchange);
        } else {
            Responses.error(exchange, ApiProtocol.OPENAI, 405, "Use GET");
        }
    }

    /** The error shape of a path: its adapter's, or its route family's. */
    private ErrorRenderer errorsAt(String path) {
        return adapters.errorsAt(path).orElse(protocolOf(path));
    }

    /** OpenAI's routes, the admin API and pages answer errors in OpenAI's shape, all else in Gemini's. */
    private static ApiProtocol protocolOf(String path) {
        return path.startsWith("/v1/") || path.startsWith("/hf/") || AdminApi.serves(path) || LogsApi.serves(path)
                || AdminPages.serves(path)
                ? ApiProtocol.OPENAI : ApiProtocol.GEMINI;
    }
}
