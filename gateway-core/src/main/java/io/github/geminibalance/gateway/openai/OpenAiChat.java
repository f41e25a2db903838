package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import io.github.geminibalance.gateway.gemini.NativeRequestRewriter;
import io.github.geminibalance.gateway.gemini.ResourceOwners;
import io.github.geminibalance.gateway.gemini.UpstreamUrls;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.http.ResponseChannel;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.proxy.ProxyPlan;
import io.github.geminibalance.gateway.proxy.ResponseHandling;
import io.github.geminibalance.gateway.sse.SseEvent;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/** {@code POST /v1/chat/completions}: an OpenAI chat request served by Gemini. */
final class OpenAiChat {

    private static final List<Map.Entry<String, String>> JSON_HEADERS =
            List.of(Map.entry("Content-Type", "application/json"));

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final KeyRotatingProxy proxy;
    private final ResourceOwners owners;
    private final UpstreamUrls urls;
    private final ChatRequestTranslator requests;
    private final ChatResponseTranslator responses;
    private final MediaFetcher media;
    private final Optional<StreamOptimizer> optimizer;
    private final ImageStore images;

    OpenAiChat(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, ResourceOwners owners,
            MediaFetcher media, ImageStore images, NativeRequestRewriter rewriter) {
        this.config = config;
        this.json = json;
        this.proxy = proxy;
        this.owners = owners;
        this.urls = new UpstreamUrls(config.upstream().baseUrl());
        this.requests = new ChatRequestTranslator(config, rewriter);
        this.responses = new ChatResponseTranslator(config, json);
        this.media = media;
        this.images = images;
        this.optimizer = config.streamOptimizer().enabled()
                ? Optional.of(new StreamOptimizer(config.streamOptimizer())) : Optional.empty();
    }

    /** Serves a request whose body has been read (on the exchange's I/O thread). */
    void handle(HttpServerExchange exchange, JsonNode body) {
        ChatTranslation chat;
        try {
            chat = requests.translate(body);
        } catch (OpenAiRequestException refusal) {
            OpenAiErrors.send(exchange, refusal);
            return;
        }
        RequestLogContext.of(exchange).model(chat.requestedModel());
        if (chat.pendingMedia().isEmpty()) {
            call(exchange, chat);
            return;
        }
        media.fetchAll(chat.pendingMedia()).whenComplete((fetched, failure) -> exchange.getIoThread().execute(() -> {
            if (failure == null) {
                call(exchange, chat);
            } else {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                OpenAiErrors.send(exchange, OpenAiRequestException.badRequest(
                        "An image_url could not be used: " + cause.getMessage(), "messages"));
            }
        }));
    }

    private void call(HttpServerExchange exchange, ChatTranslation chat) {
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        byte[] upstreamBody = Json.bytes(json, chat.geminiRequest());
        // Images bound for an image host are uploaded between the answer and its translation, so
        // such a stream is served from one complete answer (image models draw the whole image at
        // once anyway).
        boolean uploadsImages = images.active() && drawsImages(chat);
        boolean streamUpstream = chat.stream() && !uploadsImages;
        String action = streamUpstream ? "streamGenerateContent" : "generateContent";
        URI uri = urls.api("models/" + chat.model().upstream() + ":" + action, streamUpstream ? "alt=sse" : "");
        ResponseHandling handling;
        if (streamUpstream) {
            handling = new ResponseHandling.Stream(new OpenAiEventStream(
                    new ChatStreamTranslator(config, json, chat, id, created), json, optimizer));
        } else if (uploadsImages) {
            handling = new ResponseHandling.Capture((key, head, answer) -> {
                JsonNode tree = json.readTree(answer);
                return AnswerImages.upload(tree, images).thenApply(renderer -> chat.stream()
                        ? wholeStream(new ChatStreamTranslator(config, json, chat, id, created, renderer), tree)
                        : new CapturedResponse(200, JSON_HEADERS, Json.bytes(json,
                                new ChatResponseTranslator(config, json, renderer).translate(tree, chat, id, created))));
            });
        } else {
            handling = ResponseHandling.Capture.of((key, head, answer) -> new CapturedResponse(200, JSON_HEADERS,
                    Json.bytes(json, responses.translate(json.readTree(answer), chat, id, created))));
        }
        ProxyPlan plan = new ProxyPlan(chat.model().upstream(), owners.ownerOfReferences(chat.geminiRequest()),
                key -> GeminiCalls.post(uri, key, upstreamBody), handling,
                ResourceOwners.refersToResources(chat.geminiRequest().toString()), ApiProtocol.OPENAI);
        proxy.execute(plan, new ResponseChannel(exchange), RequestLogContext.of(exchange));
    }

    /** Whether the model answers with images: an {@code -image} variant, or an image model itself. */
    private static boolean drawsImages(ChatTranslation chat) {
        return chat.model().feature() == ModelFeature.IMAGE || chat.model().upstream().contains("-image");
    }

    /** A whole answer as the event stream the client asked for. */
    private static CapturedResponse wholeStream(ChatStreamTranslator chunks, JsonNode answer) {
        StringBuilder body = new StringBuilder();
        List<String> payloads = new ArrayList<>(chunks.onEvent(answer));
        payloads.addAll(chunks.onEnd());
        payloads.forEach(payload -> body.append(new String(SseEvent.data(payload).encode(), StandardCharsets.UTF_8)));
        return new CapturedResponse(200, List.of(Map.entry("Content-Type", "text/event-stream"),
                Map.entry("Cache-Control", "no-cache")), body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
