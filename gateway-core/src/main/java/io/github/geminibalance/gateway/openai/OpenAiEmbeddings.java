package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelAction;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/embeddings} served by Gemini's {@code batchEmbedContents}, in batches of at most
 * 100 texts (Gemini's limit), one after another, results in input order.
 */
final class OpenAiEmbeddings {

    static final int BATCH_SIZE = 100;
    static final String DEFAULT_MODEL = "gemini-embedding-001";
    private static final int MAX_INPUTS = 2048; // OpenAI's own limit per request
    private static final List<Map.Entry<String, String>> JSON_HEADERS =
            List.of(Map.entry("Content-Type", "application/json"));

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final KeyRotatingProxy proxy;
    private final UpstreamUrls urls;

    OpenAiEmbeddings(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy) {
        this.config = config;
        this.json = json;
        this.proxy = proxy;
        this.urls = new UpstreamUrls(config.upstream().baseUrl());
    }

    /** What the client asked for, checked. */
    private record EmbeddingRequest(String requestedModel, String upstreamModel, List<String> inputs,
            Integer dimensions, boolean base64) {}

    void handle(JsonNode body, ResponseSink response, RequestLogContext context) {
        EmbeddingRequest request;
        try {
            request = parse(body);
        } catch (OpenAiRequestException refusal) {
            response.sendWhole(refusal.status(), JSON_HEADERS, refusal.body());
            return;
        }
        context.model(request.requestedModel());
        embed(request, 0, new ArrayList<>(), context).whenComplete((answer, failure) -> {
            if (failure != null) {
                response.sendWhole(502, JSON_HEADERS, ErrorBodies.openAi(502,
                        "The upstream embeddings could not be understood", "server_error", null));
            } else {
                response.sendWhole(answer.status(), answer.headers(), answer.body());
            }
        });
    }

    private EmbeddingRequest parse(JsonNode body) {
        JsonNode modelField = body.path("model");
        if (!modelField.isMissingNode() && !modelField.isTextual()) {
            throw OpenAiRequestException.badRequest("'model' must be a string", "model");
        }
        String requested = modelField.asText(DEFAULT_MODEL);
        String bare = requested.startsWith("models/") ? requested.substring("models/".length()) : requested;
        if (!ModelAction.isModelId(bare)) {
            throw OpenAiRequestException.badRequest("'" + requested + "' is not a valid model name", "model");
        }
        String upstream;
        try {
            upstream = ResolvedModel.resolve(bare, config.models()).upstream();
        } catch (ResolvedModel.UnsupportedModelException e) {
            throw OpenAiRequestException.badRequest(e.getMessage(), "model");
        }
        return new EmbeddingRequest(requested, upstream, inputs(body.path("input")), dimensions(body.path("dimensions")),
                base64(body.path("encoding_format")));
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(nonEmpty(input.asText(), "input"));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw OpenAiRequestException.badRequest("'input' must be a string or a non-empty array of strings", "input");
        }
        if (input.size() > MAX_INPUTS) {
            throw OpenAiRequestException.badRequest("'input' holds more than " + MAX_INPUTS + " items", "input");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw OpenAiRequestException.badRequest(
                        "'input' must hold strings: token arrays are not supported, send the text", "input[" + i + "]");
            }
            texts.add(nonEmpty(item.asText(), "input[" + i + "]"));
        }
        return texts;
    }

    private static String nonEmpty(String text, String param) {
        if (text.isEmpty()) {
            throw OpenAiRequestException.badRequest("'" + param + "' must not be empty", param);
        }
        return text;
    }

    private static Integer dimensions(JsonNode dimensions) {
        if (dimensions.isMissingNode() || dimensions.isNull()) {
            return null;
        }
        if (!dimensions.canConvertToExactIntegral() || dimensions.asInt() < 1) {
            throw OpenAiRequestException.badRequest("'dimensions' must be a positive integer", "dimensions");
        }
        return dimensions.asInt();
    }

    private static boolean base64(JsonNode format) {
        String value = format.isMissingNode() || format.isNull() ? "float" : format.asText();
        return switch (value) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw OpenAiRequestException.badRequest(
                    "'encoding_format' must be 'float' or 'base64'", "encoding_format");
        };
    }

    /** Embeds the batch starting at {@code from}, then the rest; the first failed batch answers for all. */
    private CompletableFuture<CapturedResponse> embed(EmbeddingRequest request, int from, List<JsonNode> vectors,
            RequestLogContext context) {
        if (from >= request.inputs().size()) {
            return CompletableFuture.completedFuture(answer(request, vectors));
        }
        List<String> batch = request.inputs().subList(from, Math.min(from + BATCH_SIZE, request.inputs().size()));
        return call(request, batch, context).thenCompose(answer -> {
            if (answer.status() != 200) {
                return CompletableFuture.completedFuture(answer); // already in OpenAI's error shape
            }
            JsonNode embeddings = read(answer.body()).path("embeddings");
            if (embeddings.size() != batch.size()) {
                throw new IllegalStateException("the upstream returned " + embeddings.size() + " embeddings for "
                        + batch.size() + " inputs");
            }
            embeddings.forEach(embedding -> vectors.add(embedding.path("values")));
            return embed(request, from + batch.size(), vectors, context);
        });
    }

    private CompletableFuture<CapturedResponse> call(EmbeddingRequest request, List<String> batch, RequestLogContext context) {
        ObjectNode body = json.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (String text : batch) {
            ObjectNode one = requests.addObject().put("model", "models/" + request.upstreamModel());
            one.putObject("content").putArray("parts").addObject().put("text", text);
            if (request.dimensions() != null) {
                one.put("outputDimensionality", request.dimensions());
            }
        }
        byte[] bytes = Json.bytes(json, body);
        URI uri = urls.api("models/" + request.upstreamModel() + ":batchEmbedContents", "");
        CapturingSink sink = new CapturingSink();
        proxy.execute(new ProxyPlan(request.upstreamModel(), Optional.empty(), key -> GeminiCalls.post(uri, key, bytes),
                ResponseHandling.Capture.of((key, head, answer) -> new CapturedResponse(head.status(), JSON_HEADERS, answer)),
                false, ApiProtocol.OPENAI), sink, context);
        return sink.response();
    }

    private CapturedResponse answer(EmbeddingRequest request, List<JsonNode> vectors) {
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (request.base64()) {
                item.put("embedding", littleEndianFloats(vectors.get(i)));
            } else {
                item.set("embedding", vectors.get(i));
            }
        }
        list.put("model", request.requestedModel());
        // Gemini's batch answer carries no token count; this is the usual estimate of 4 characters a token.
        long tokens = request.inputs().stream().mapToLong(text -> (text.length() + 3) / 4).sum();
        list.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return new CapturedResponse(200, JSON_HEADERS, Json.bytes(json, list));
    }

    /** OpenAI's base64 encoding: the vector as little-endian 32-bit floats. */
    static String littleEndianFloats(JsonNode values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach(value -> buffer.putFloat((float) value.asDouble()));
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
