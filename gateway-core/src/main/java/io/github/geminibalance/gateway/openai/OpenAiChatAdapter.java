package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.protocol.BuiltInAdapter;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.protocol.ClientRequest;
import io.github.geminibalance.plugin.api.protocol.ClientResponse;
import io.github.geminibalance.plugin.api.protocol.GeminiCall;
import io.github.geminibalance.plugin.api.protocol.ProtocolException;
import io.github.geminibalance.plugin.api.protocol.StreamConverter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/chat/completions} (and {@code /hf/v1}): OpenAI's chat completions as the
 * gateway's own protocol adapter, served by the same machinery as a plugin's. Images the request
 * links to are fetched in {@link #prepare}; images an image model draws go to the image host in
 * {@link #finish}, for which a streamed call is answered from the whole answer (image models draw
 * the whole image at once anyway).
 */
public final class OpenAiChatAdapter implements BuiltInAdapter {

    public static final String ID = "openai";
    public static final List<String> PATHS = List.of("/v1/chat/completions", "/hf/v1/chat/completions");

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final ChatRequestTranslator requests;
    private final ChatResponseTranslator responses;
    private final MediaFetcher media;
    private final ImageStore images;
    private final Optional<StreamOptimizer> optimizer;

    /** @param images where drawn images go when an image host is in use */
    public OpenAiChatAdapter(GatewayConfig config, ObjectMapper json, MediaFetcher media, ImageStore images) {
        this.config = config;
        this.json = json;
        this.requests = new ChatRequestTranslator(config);
        this.responses = new ChatResponseTranslator(config, json);
        this.media = media;
        this.images = images;
        this.optimizer = config.streamOptimizer().enabled()
                ? Optional.of(new StreamOptimizer(config.streamOptimizer())) : Optional.empty();
    }

    /** One chat call: its translation, whether its images go to the image host, and its response id. */
    private record Chat(ChatTranslation translation, boolean uploadsImages, String id, long created) {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> paths() {
        return PATHS;
    }

    @Override
    public ApiProtocol protocol() {
        return ApiProtocol.OPENAI;
    }

    @Override
    public GeminiCall toGemini(ClientRequest request, PluginContext context) {
        ChatTranslation translation = requests.translate(request.body());
        boolean uploadsImages = images.active() && drawsImages(translation);
        Chat chat = new Chat(translation, uploadsImages, "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                Instant.now().getEpochSecond());
        return new GeminiCall(translation.model().requested(), translation.geminiRequest(), translation.stream(),
                uploadsImages, chat);
    }

    @Override
    public CompletionStage<GeminiCall> prepare(GeminiCall call, PluginContext context) {
        List<ChatTranslation.MediaFetch> pending = chat(call).translation().pendingMedia();
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(call);
        }
        return media.fetchAll(pending).handle((fetched, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                throw OpenAiRequestException.badRequest("An image_url could not be used: " + cause.getMessage(), "messages");
            }
            return call;
        });
    }

    @Override
    public CompletionStage<JsonNode> finish(GeminiCall call, JsonNode answer, PluginContext context) {
        return chat(call).uploadsImages()
                ? AnswerImages.upload(answer, images) : CompletableFuture.completedFuture(answer);
    }

    @Override
    public ClientResponse fromGemini(GeminiCall call, JsonNode answer, PluginContext context) {
        Chat chat = chat(call);
        return new ClientResponse(200, "application/json",
                Json.bytes(json, responses.translate(answer, chat.translation(), chat.id(), chat.created())));
    }

    @Override
    public StreamConverter streamConverter(GeminiCall call, PluginContext context) {
        Chat chat = chat(call);
        return new ChatEventConverter(
                new ChatStreamTranslator(config, json, chat.translation(), chat.id(), chat.created()), optimizer);
    }

    @Override
    public ClientResponse error(int status, String message) {
        return new ClientResponse(status, "application/json", ErrorBodies.render(ApiProtocol.OPENAI, status, message));
    }

    /** A refusal of the translator names the field at fault and OpenAI's error code. */
    @Override
    public ClientResponse error(ProtocolException refusal) {
        if (refusal instanceof OpenAiRequestException openAi) {
            return new ClientResponse(openAi.status(), "application/json", openAi.body());
        }
        return BuiltInAdapter.super.error(refusal);
    }

    private static Chat chat(GeminiCall call) {
        return call.attachment(Chat.class);
    }

    /** Whether the model answers with images: an {@code -image} variant, or an image model itself. */
    private static boolean drawsImages(ChatTranslation chat) {
        return chat.model().feature() == ModelFeature.IMAGE || chat.model().upstream().contains("-image");
    }
}
