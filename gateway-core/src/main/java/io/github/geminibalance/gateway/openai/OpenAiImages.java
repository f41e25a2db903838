package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.gemini.UpstreamUrls;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.openai.ImageGenerationCalls.GeneratedImage;
import io.github.geminibalance.gateway.openai.ImageGenerationRequest.Family;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.CapturingSink;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.proxy.ProxyPlan;
import io.github.geminibalance.gateway.proxy.ResponseHandling;
import io.github.geminibalance.gateway.proxy.ResponseSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/images/generations}: Imagen through {@code :predict}, or a Gemini image model
 * through {@code :generateContent} (one call an image), with {@code PAID_KEY} when the operator set
 * one. Images come back as base64, or as URLs on the chosen image host (data URLs without one).
 */
final class OpenAiImages {

    private static final Logger log = LoggerFactory.getLogger(OpenAiImages.class);

    private static final List<Map.Entry<String, String>> JSON_HEADERS =
            List.of(Map.entry("Content-Type", "application/json"));

    private final String defaultModel;
    private final ObjectMapper json;
    private final KeyRotatingProxy proxy;
    private final ImageStore store;
    private final UpstreamUrls urls;

    /**
     * @param proxy the paid key's proxy when {@code PAID_KEY} is set, else the pool's
     */
    OpenAiImages(String defaultModel, URI baseUrl, ObjectMapper json, KeyRotatingProxy proxy, ImageStore store) {
        this.defaultModel = defaultModel;
        this.json = json;
        this.proxy = proxy;
        this.store = store;
        this.urls = new UpstreamUrls(baseUrl);
    }

    void handle(JsonNode body, ResponseSink response, RequestLogContext context) {
        ImageGenerationRequest request;
        try {
            request = ImageGenerationRequest.parse(body, defaultModel);
        } catch (OpenAiRequestException refusal) {
            response.sendWhole(refusal.status(), JSON_HEADERS, refusal.body());
            return;
        }
        context.model(request.model());
        respond(request, context).thenAccept(answer -> response.sendWhole(answer.status(), answer.headers(), answer.body()));
    }

    /**
     * Draws the images and delivers them as the request asks: OpenAI's {@code images} answer, or the
     * error to answer with, in OpenAI's shape. Never a failed future.
     */
    CompletableFuture<CapturedResponse> respond(ImageGenerationRequest request, RequestLogContext context) {
        return generate(request, new ArrayList<>(), context)
                .thenCompose(outcome -> outcome.error() != null
                        ? CompletableFuture.completedFuture(outcome.error())
                        : answer(request, outcome.images()))
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    return new CapturedResponse(502, JSON_HEADERS, ErrorBodies.openAi(502,
                            "The images could not be delivered: " + cause.getMessage(), "server_error", null));
                });
    }

    /** {@code CREATE_IMAGE_MODEL}, which the image chat model draws with. */
    String defaultModel() {
        return defaultModel;
    }

    /** The images made so far, or the upstream error that stopped it. */
    private record Outcome(List<GeneratedImage> images, CapturedResponse error) {}

    /** Imagen draws every image in one call; a Gemini image model draws one a call. */
    private CompletableFuture<Outcome> generate(ImageGenerationRequest request, List<GeneratedImage> images,
            RequestLogContext context) {
        boolean imagen = request.family() == Family.IMAGEN;
        ObjectNode body = imagen ? ImageGenerationCalls.imagenRequest(json, request) : ImageGenerationCalls.geminiRequest(json, request);
        String action = imagen ? "predict" : "generateContent";
        return call(request.model(), action, body, context).thenCompose(answer -> {
            if (answer.status() != 200) {
                return CompletableFuture.completedFuture(new Outcome(images, answer));
            }
            List<GeneratedImage> drawn = ImageGenerationCalls.images(read(answer.body()));
            images.addAll(drawn);
            boolean more = !imagen && !drawn.isEmpty() && images.size() < request.count();
            return more ? generate(request, images, context) : CompletableFuture.completedFuture(new Outcome(images, null));
        });
    }

    private CompletableFuture<CapturedResponse> call(String model, String action, ObjectNode body, RequestLogContext context) {
        byte[] bytes = Json.bytes(json, body);
        URI uri = urls.api("models/" + model + ":" + action, "");
        CapturingSink sink = new CapturingSink();
        proxy.execute(new ProxyPlan(model, Optional.empty(), key -> GeminiCalls.post(uri, key, bytes),
                ResponseHandling.Capture.of((key, head, answer) -> new CapturedResponse(head.status(), JSON_HEADERS, answer)),
                false, ApiProtocol.OPENAI), sink, context);
        return sink.response();
    }

    private CompletableFuture<CapturedResponse> answer(ImageGenerationRequest request, List<GeneratedImage> images) {
        if (images.isEmpty()) {
            return CompletableFuture.completedFuture(new CapturedResponse(400, JSON_HEADERS, ErrorBodies.openAi(400,
                    "The model returned no image: the prompt was probably refused by its safety filters",
                    "invalid_request_error", "content_policy_violation")));
        }
        List<CompletableFuture<ObjectNode>> items = images.stream().map(image -> item(request, image)).toList();
        return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ObjectNode answer = json.createObjectNode().put("created", Instant.now().getEpochSecond());
            ArrayNode data = answer.putArray("data");
            items.forEach(item -> data.add(item.join()));
            return new CapturedResponse(200, JSON_HEADERS, Json.bytes(json, answer));
        });
    }

    private CompletableFuture<ObjectNode> item(ImageGenerationRequest request, GeneratedImage image) {
        ObjectNode item = json.createObjectNode();
        if (request.base64()) {
            item.put("b64_json", image.base64()).put("revised_prompt", request.prompt());
            return CompletableFuture.completedFuture(item);
        }
        String dataUrl = "data:" + image.mimeType() + ";base64," + image.base64();
        return store.store(Base64.getDecoder().decode(image.base64()), image.mimeType())
                .exceptionally(failure -> {
                    // As the original's newest version does: an image that the host refused still
                    // reaches the client, inline.
                    log.warn("image upload failed, answering with a data URL: {}", failure.getMessage());
                    return Optional.empty();
                })
                .thenApply(url -> item.put("url", url.map(URI::toString).orElse(dataUrl))
                        .put("revised_prompt", request.prompt()));
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
