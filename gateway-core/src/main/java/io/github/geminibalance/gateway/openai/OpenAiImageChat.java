package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.proxy.ResponseSink;
import io.github.geminibalance.gateway.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The original gateway's image chat model, {@code <CREATE_IMAGE_MODEL>-chat}: the last user
 * message is the prompt (its {@code {n:K}} and {@code {ratio:W:H}} markers included), and the
 * answer is the drawn images as markdown links, one a line. It answers in the same chat shapes as
 * every other model, streamed or not.
 */
final class OpenAiImageChat {

    private static final List<Map.Entry<String, String>> JSON_HEADERS =
            List.of(Map.entry("Content-Type", "application/json"));

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final OpenAiImages images;
    private final String modelName;

    OpenAiImageChat(GatewayConfig config, ObjectMapper json, OpenAiImages images) {
        this.config = config;
        this.json = json;
        this.images = images;
        this.modelName = images.defaultModel() + "-chat";
    }

    /** The model's name, as the model list shows it. */
    String modelName() {
        return modelName;
    }

    boolean handles(JsonNode body) {
        String model = body.path("model").asText("");
        return (model.startsWith("models/") ? model.substring("models/".length()) : model).equals(modelName);
    }

    void handle(JsonNode body, ResponseSink response, RequestLogContext context) {
        ImageGenerationRequest request;
        try {
            ObjectNode asImageRequest = json.createObjectNode().put("prompt", lastUserText(body.path("messages")));
            request = ImageGenerationRequest.parse(asImageRequest, images.defaultModel());
        } catch (OpenAiRequestException refusal) {
            response.sendWhole(refusal.status(), JSON_HEADERS, refusal.body());
            return;
        }
        context.model(modelName);
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        images.respond(request, context).thenAccept(answer -> {
            if (answer.status() != 200) {
                response.sendWhole(answer.status(), answer.headers(), answer.body());
                return;
            }
            JsonNode gemini = asGeminiAnswer(markdown(Json.read(json, answer.body())));
            ChatTranslation chat = new ChatTranslation(body.path("model").asText(),
                    new ResolvedModel(modelName, modelName, ModelFeature.NONE), json.createObjectNode(), stream,
                    includeUsage, List.of());
            String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = Instant.now().getEpochSecond();
            if (stream) {
                ChatStreamTranslator chunks = new ChatStreamTranslator(config, json, chat, id, created);
                List<String> payloads = new ArrayList<>(chunks.onEvent(gemini));
                payloads.addAll(chunks.onEnd());
                ByteArrayOutputStream events = new ByteArrayOutputStream();
                payloads.forEach(payload -> events.writeBytes(SseEvent.data(payload).encode()));
                response.sendWhole(200, KeyRotatingProxy.EVENT_STREAM_HEADERS, events.toByteArray());
            } else {
                response.sendWhole(200, JSON_HEADERS, Json.bytes(json,
                        new ChatResponseTranslator(config, json).translate(gemini, chat, id, created)));
            }
        });
    }

    /** The text of the last user message: a string, or its text parts joined. */
    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"user".equals(message.path("role").asText())) {
                continue;
            }
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        throw OpenAiRequestException.badRequest("The image chat model needs a user message as its prompt", "messages");
    }

    /** The images as the original rendered them: {@code ![Generated Image i](url)}, one a line. */
    private static String markdown(JsonNode imagesAnswer) {
        StringBuilder text = new StringBuilder();
        JsonNode data = imagesAnswer.path("data");
        for (int i = 0; i < data.size(); i++) {
            text.append(i == 0 ? "" : "\n").append("![Generated Image ").append(i + 1).append("](")
                    .append(data.get(i).path("url").asText()).append(')');
        }
        return text.toString();
    }

    /** The markdown as a one-candidate Gemini answer, so the usual translators shape the reply. */
    private JsonNode asGeminiAnswer(String text) {
        ObjectNode answer = json.createObjectNode();
        ObjectNode candidate = answer.putArray("candidates").addObject().put("index", 0).put("finishReason", "STOP");
        candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
        return answer;
    }
}
