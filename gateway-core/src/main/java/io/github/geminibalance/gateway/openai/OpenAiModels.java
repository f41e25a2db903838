package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.ModelsConfig;
import io.github.geminibalance.gateway.gemini.ModelCatalog;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import io.github.geminibalance.gateway.gemini.UpstreamUrls;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.CapturingSink;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.proxy.ProxyPlan;
import io.github.geminibalance.gateway.proxy.ResponseHandling;
import io.github.geminibalance.gateway.proxy.ResponseSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: Google's model list, every page of it,
 * with the operator's filtered models hidden and the suffix variants added, in OpenAI's shape.
 */
final class OpenAiModels {

    /** Google lists a few dozen models; this bounds a misbehaving upstream's paging. */
    private static final int MAX_PAGES = 20;
    private static final List<Map.Entry<String, String>> JSON_HEADERS =
            List.of(Map.entry("Content-Type", "application/json"));

    private final ObjectMapper json;
    private final KeyRotatingProxy proxy;
    private final ModelCatalog catalog;
    private final UpstreamUrls urls;
    private final ModelsConfig models;
    private final String imageChatModel;

    /** @param imageChatModel the image chat model's name, listed after Google's models */
    OpenAiModels(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, String imageChatModel) {
        this.imageChatModel = imageChatModel;
        this.json = json;
        this.proxy = proxy;
        this.models = config.models();
        this.catalog = new ModelCatalog(json, config.models());
        this.urls = new UpstreamUrls(config.upstream().baseUrl());
    }

    void list(ResponseSink response, RequestLogContext context) {
        collect(null, json.createArrayNode(), 0, context).whenComplete((answer, failure) -> send(response, answer, failure));
    }

    void get(ResponseSink response, String id, RequestLogContext context) {
        ResolvedModel model;
        try {
            model = ResolvedModel.resolve(id, models);
        } catch (ResolvedModel.UnsupportedModelException hidden) {
            response.sendWhole(404, JSON_HEADERS, notFound(id));
            return;
        }
        URI uri = urls.api("models/" + model.upstream(), "");
        call(uri, context).thenApply(answer -> answer.status() == 200 ? oneModel(answer, model, id) : answer)
                .whenComplete((answer, failure) -> send(response, answer, failure));
    }

    private CapturedResponse oneModel(CapturedResponse answer, ResolvedModel model, String id) {
        try {
            Optional<byte[]> rewritten = catalog.rewriteOne(answer.body(), model);
            return rewritten.isEmpty()
                    ? new CapturedResponse(404, JSON_HEADERS, notFound(id))
                    : new CapturedResponse(200, JSON_HEADERS, Json.bytes(json, openAiModel(json.readTree(rewritten.get()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows {@code nextPageToken} until the last page, gathering the (rewritten) models. */
    private CompletableFuture<CapturedResponse> collect(String pageToken, ArrayNode gathered, int pages,
            RequestLogContext context) {
        String query = "pageSize=1000" + (pageToken == null ? "" : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
        return call(urls.api("models", query), context).thenCompose(answer -> {
            if (answer.status() != 200) {
                return CompletableFuture.completedFuture(answer); // already in OpenAI's error shape
            }
            JsonNode page = readPage(answer);
            page.path("models").forEach(model -> gathered.add(openAiModel(model)));
            String next = page.path("nextPageToken").asText("");
            if (next.isEmpty() || pages + 1 >= MAX_PAGES) {
                gathered.add(model(imageChatModel));
                ObjectNode list = json.createObjectNode().put("object", "list");
                list.set("data", gathered);
                return CompletableFuture.completedFuture(new CapturedResponse(200, JSON_HEADERS, Json.bytes(json, list)));
            }
            return collect(next, gathered, pages + 1, context);
        });
    }

    private JsonNode readPage(CapturedResponse answer) {
        try {
            return json.readTree(catalog.rewriteList(answer.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CompletableFuture<CapturedResponse> call(URI uri, RequestLogContext context) {
        CapturingSink sink = new CapturingSink();
        proxy.execute(new ProxyPlan(ProxyPlan.ANY_MODEL, Optional.empty(), key -> GeminiCalls.get(uri, key),
                ResponseHandling.Capture.of((key, head, body) -> new CapturedResponse(head.status(), JSON_HEADERS, body)),
                false, ApiProtocol.OPENAI), sink, context);
        return sink.response();
    }

    private ObjectNode openAiModel(JsonNode geminiModel) {
        String name = geminiModel.path("name").asText();
        return model(name.startsWith("models/") ? name.substring("models/".length()) : name);
    }

    private ObjectNode model(String id) {
        return json.createObjectNode()
                .put("id", id)
                .put("object", "model")
                .put("created", 0) // Gemini publishes no creation time
                .put("owned_by", "google");
    }

    private static byte[] notFound(String id) {
        return ErrorBodies.openAi(404, "The model '" + id + "' does not exist", "invalid_request_error", "model_not_found");
    }

    private static void send(ResponseSink response, CapturedResponse answer, Throwable failure) {
        if (failure != null) {
            response.sendWhole(502, JSON_HEADERS, ErrorBodies.openAi(502,
                    "The upstream model list could not be understood", "server_error", null));
        } else {
            response.sendWhole(answer.status(), answer.headers(), answer.body());
        }
    }
}
