package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.http.RequestBodies;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.http.ResponseChannel;
import io.github.geminibalance.gateway.http.Responses;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.protocol.ProtocolAdapterApi;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.proxy.ProxyPlan;
import io.github.geminibalance.gateway.proxy.ResponseHandling;
import io.github.geminibalance.gateway.proxy.ResponseTransformer;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Gemini native surface: requests pass through to Google with a pool key in place of the
 * client's token. Bodies are untouched except where a model suffix or an operator default asks
 * for something; responses are untouched except model lists and upload URLs. {@code generateContent}
 * and its event stream go through the gateway's {@link GeminiGenerateAdapter}, like every other
 * protocol's calls; everything else, a stream as a JSON array included, is relayed byte for byte.
 */
public final class GeminiNativeApi {

    private static final String UPLOAD_ID = "upload_id";

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final KeyRotatingProxy proxy;
    private final ModelCatalog catalog;
    private final NativeRequestRewriter rewriter;
    private final ResourceOwners owners;
    private final UpstreamUrls urls;
    private final ProtocolAdapterApi adapters;

    /** @param adapters serves generate calls through the {@link GeminiGenerateAdapter} it holds */
    public GeminiNativeApi(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, ResourceOwners owners,
            NativeRequestRewriter rewriter, ProtocolAdapterApi adapters) {
        this.config = config;
        this.json = json;
        this.proxy = proxy;
        this.catalog = new ModelCatalog(json, config.models());
        this.rewriter = rewriter;
        this.owners = owners;
        this.urls = new UpstreamUrls(config.upstream().baseUrl());
        this.adapters = adapters;
    }

    /**
     * Serves a call under a Gemini API version.
     *
     * @param route the path after the version segment, e.g. {@code models/gemini-2.5-flash:generateContent}
     */
    public void handle(HttpServerExchange exchange, String route) {
        if (route.equals("models") && Methods.GET.equals(exchange.getRequestMethod())) {
            listModels(exchange);
        } else if (route.startsWith("models/")) {
            String target = route.substring("models/".length());
            if (target.indexOf(':') >= 0) {
                callModel(exchange, target);
            } else if (Methods.GET.equals(exchange.getRequestMethod())) {
                getModel(exchange, target);
            } else {
                Responses.error(exchange, ApiProtocol.GEMINI, 405, "Use GET to read a model, POST to call one");
            }
        } else {
            passThrough(exchange, route);
        }
    }

    /**
     * Serves the Files API upload protocol: the start call, and the chunk and finalize calls sent
     * to the upload URL that the start call handed out.
     *
     * @param clientPrefix the path prefix the client used ({@code ""} or {@code "/gemini"}), kept in
     *     the upload URL handed back to it
     */
    public void handleUpload(HttpServerExchange exchange, String clientPrefix) {
        String uploadId = queryValue(exchange, UPLOAD_ID);
        withBody(exchange, body -> {
            Optional<ApiKey> owner = Optional.empty();
            if (uploadId != null) {
                owner = owners.ownerOfPath("uploads/" + uploadId);
                if (owner.isEmpty()) {
                    Responses.error(exchange, ApiProtocol.GEMINI, 404, "Unknown or expired upload session");
                    return;
                }
            }
            URI target = urls.upload(forwardedQuery(exchange));
            String publicBase = publicBase(exchange) + clientPrefix;
            proxy.execute(new ProxyPlan(ProxyPlan.ANY_MODEL, owner,
                    key -> new UpstreamRequest(exchange.getRequestMethod().toString(), target,
                            forwardedHeaders(exchange, key), body),
                    ResponseHandling.Capture.of(uploadAnswer(publicBase)), true, ApiProtocol.GEMINI),
                    new ResponseChannel(exchange), RequestLogContext.of(exchange));
        });
    }

    private void listModels(HttpServerExchange exchange) {
        URI target = urls.api("models", forwardedQuery(exchange));
        withBody(exchange, body -> execute(exchange, ProxyPlan.ANY_MODEL, Optional.empty(),
                key -> get(exchange, target, key), ResponseHandling.Capture.of(
                        (key, head, answer) -> jsonAnswer(head.status(), catalog.rewriteList(answer))), false));
    }

    private void getModel(HttpServerExchange exchange, String id) {
        Optional<ResolvedModel> model = resolve(exchange, id);
        if (model.isEmpty()) {
            return;
        }
        RequestLogContext.of(exchange).model(model.get().requested());
        URI target = urls.api("models/" + model.get().upstream(), forwardedQuery(exchange));
        withBody(exchange, body -> execute(exchange, ProxyPlan.ANY_MODEL, Optional.empty(),
                key -> get(exchange, target, key), ResponseHandling.Capture.of(
                        (key, head, answer) -> catalog.rewriteOne(answer, model.get())
                                .map(rewritten -> jsonAnswer(head.status(), rewritten))
                                .orElseGet(() -> notFound(id))), false));
    }

    private void callModel(HttpServerExchange exchange, String target) {
        Optional<ModelAction> parsed = ModelAction.parse(target);
        if (parsed.isEmpty() || !Methods.POST.equals(exchange.getRequestMethod())) {
            Responses.error(exchange, ApiProtocol.GEMINI, parsed.isEmpty() ? 400 : 405,
                    parsed.isEmpty() ? "Malformed model method; expected models/{model}:{method}" : "Use POST to call a model");
            return;
        }
        ModelAction call = parsed.get();
        Optional<ResolvedModel> resolved = resolve(exchange, call.model());
        if (resolved.isEmpty()) {
            return;
        }
        ResolvedModel model = resolved.get();
        RequestLogContext.of(exchange).model(model.requested());
        withBody(exchange, body -> {
            ObjectNode request;
            try {
                JsonNode tree = json.readTree(body);
                if (!(tree instanceof ObjectNode object)) {
                    Responses.error(exchange, ApiProtocol.GEMINI, 400, "Invalid JSON payload: expected a JSON object");
                    return;
                }
                request = object;
            } catch (IOException e) {
                Responses.error(exchange, ApiProtocol.GEMINI, 400, "Invalid JSON payload received: " + firstLine(e));
                return;
            }
            boolean streams = call.action().equals("streamGenerateContent");
            if (call.action().equals("generateContent") || streams && "sse".equals(queryValue(exchange, "alt"))) {
                adapters.serveBuiltIn(exchange, GeminiGenerateAdapter.ID, request);
                return;
            }
            if (streams) {
                rewriter.rewrite(request, model);
            }
            byte[] upstreamBody = Json.bytes(json, request);
            URI uri = urls.api("models/" + model.upstream() + ":" + call.action(), forwardedQuery(exchange));
            execute(exchange, model.upstream(), owners.ownerOfReferences(request),
                    key -> new UpstreamRequest("POST", uri, forwardedHeaders(exchange, key), upstreamBody),
                    new ResponseHandling.Pipe(),
                    ResourceOwners.refersToResources(request));
        });
    }

    /** Files, cached contents, batches, operations and anything else: relayed with the same key handling. */
    private void passThrough(HttpServerExchange exchange, String route) {
        if (!isSafeRoute(route)) {
            Responses.error(exchange, ApiProtocol.GEMINI, 404, "Unknown path");
            return;
        }
        Optional<ApiKey> owner = owners.ownerOfPath(route);
        boolean scoped = ResourceOwners.refersToResources(route);
        URI target = urls.api(route, forwardedQuery(exchange));
        String method = exchange.getRequestMethod().toString();
        ResponseTransformer rememberOwner = (key, head, body) -> {
            rememberCreated(body, key);
            return new CapturedResponse(head.status(), KeyRotatingProxy.relayedHeaders(head), body);
        };
        withBody(exchange, body -> {
            if (isJson(exchange) && body.length > 0 && !isValidJson(body)) {
                Responses.error(exchange, ApiProtocol.GEMINI, 400, "Invalid JSON payload received");
                return;
            }
            byte[] forwarded = body.length > 0 ? body : null;
            execute(exchange, ProxyPlan.ANY_MODEL, owner, key -> new UpstreamRequest(method, target,
                    forwardedHeaders(exchange, key), forwarded), ResponseHandling.Capture.of(rememberOwner), scoped);
        });
    }

    private void execute(HttpServerExchange exchange, String poolModel, Optional<ApiKey> owner,
            Function<ApiKey, UpstreamRequest> request, ResponseHandling handling, boolean resourceScoped) {
        ProxyPlan plan = new ProxyPlan(poolModel, owner, request, handling, resourceScoped, ApiProtocol.GEMINI);
        proxy.execute(plan, new ResponseChannel(exchange), RequestLogContext.of(exchange));
    }

    /**
     * Every proxied call reads its body first, even an empty one: the proxy then always starts
     * from the body callback, where the exchange is dispatched and stays open until it ends.
     */
    private void withBody(HttpServerExchange exchange, Consumer<byte[]> then) {
        RequestBodies.read(exchange, config.server().maxRequestBodyBytes(), ApiProtocol.GEMINI, then);
    }

    private ResponseTransformer uploadAnswer(String publicBase) {
        return (key, head, body) -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>(KeyRotatingProxy.relayedHeaders(head));
            for (Map.Entry<String, String> header : head.headers()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("x-goog-upload-url")) {
                    UploadUrl upload = UploadUrl.parse(header.getValue());
                    owners.remember("uploads/" + upload.uploadId(), key);
                    headers.add(Map.entry("X-Goog-Upload-URL", upload.pointingAt(publicBase)));
                } else if (name.startsWith("x-goog-upload-") && !name.equals("x-goog-upload-control-url")) {
                    headers.add(header);
                }
            }
            if (body.length > 0) {
                JsonNode answer = json.readTree(body);
                owners.remember(answer.path("file").path("name").asText(""), key);
            }
            return new CapturedResponse(head.status(), headers, body);
        };
    }

    private void rememberCreated(byte[] body, ApiKey key) {
        try {
            JsonNode answer = json.readTree(body);
            if (answer != null) {
                owners.remember(answer.path("name").asText(""), key);
            }
        } catch (IOException notJson) {
            // nothing to remember
        }
    }

    private Optional<ResolvedModel> resolve(HttpServerExchange exchange, String id) {
        if (!ModelAction.isModelId(id)) {
            Responses.error(exchange, ApiProtocol.GEMINI, 400, "Malformed model name");
            return Optional.empty();
        }
        try {
            return Optional.of(ResolvedModel.resolve(id, config.models()));
        } catch (ResolvedModel.UnsupportedModelException e) {
            Responses.error(exchange, ApiProtocol.GEMINI, 400, e.getMessage());
            return Optional.empty();
        }
    }

    private CapturedResponse jsonAnswer(int status, byte[] body) {
        return new CapturedResponse(status, List.of(Map.entry("Content-Type", "application/json; charset=UTF-8")), body);
    }

    private CapturedResponse notFound(String id) {
        return new CapturedResponse(404, List.of(Map.entry("Content-Type", "application/json")),
                ErrorBodies.gemini(404, "Model " + id + " is not found"));
    }

    private UpstreamRequest get(HttpServerExchange exchange, URI target, ApiKey key) {
        return new UpstreamRequest("GET", target, forwardedHeaders(exchange, key), null);
    }

    /** Request headers that go upstream: the pool key, the body's type, and the upload protocol's own. */
    private static List<Map.Entry<String, String>> forwardedHeaders(HttpServerExchange exchange, ApiKey key) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("x-goog-api-key", key.value()));
        exchange.getRequestHeaders().forEach(values -> {
            String name = values.getHeaderName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type") || lower.startsWith("x-goog-upload-")) {
                values.forEach(value -> headers.add(Map.entry(name, value)));
            }
        });
        return headers;
    }

    /** The client's query string minus its {@code key}: a client token never goes upstream. */
    static String forwardedQuery(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : query.split("&")) {
            if (pair.isEmpty() || pair.equals("key") || pair.startsWith("key=")) {
                continue;
            }
            kept.append(kept.length() == 0 ? "" : "&").append(pair);
        }
        return kept.toString();
    }

    private static String publicBase(HttpServerExchange exchange) {
        String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        String host = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
        return (proto != null ? proto : exchange.getRequestScheme()) + "://"
                + (host != null ? host : exchange.getHostAndPort());
    }

    private static String queryValue(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }

    private static boolean isJson(HttpServerExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type == null || type.toLowerCase(Locale.ROOT).contains("json");
    }

    private boolean isValidJson(byte[] body) {
        try {
            json.readTree(body);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Paths made of plain segments only: no dot segments, no empty segments, no control characters. */
    private static boolean isSafeRoute(String route) {
        for (String segment : route.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || !segment.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '%')) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
