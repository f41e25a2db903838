package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.RequestBodies;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.http.ResponseChannel;
import io.github.geminibalance.gateway.http.Responses;
import io.github.geminibalance.gateway.protocol.ProtocolAdapterApi;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The OpenAI-compatible surface under {@code /v1} and {@code /hf/v1}: chat completions (through
 * the {@link OpenAiChatAdapter}), embeddings, images and models, served by Gemini with keys from
 * the pool.
 */
public final class OpenAiApi {

    private final long maxBodyBytes;
    private final ObjectMapper json;
    private final ProtocolAdapterApi adapters;
    private final OpenAiEmbeddings embeddings;
    private final OpenAiModels models;
    private final OpenAiImages images;
    private final OpenAiImageChat imageChat;

    /**
     * @param imageProxy the proxy image generation runs through: {@code PAID_KEY}'s own when set
     * @param imageStore where generated images go when the client wants URLs
     * @param adapters serves chat completions through the {@link OpenAiChatAdapter} it holds
     */
    public OpenAiApi(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, KeyRotatingProxy imageProxy,
            ImageStore imageStore, ProtocolAdapterApi adapters) {
        this.maxBodyBytes = config.server().maxRequestBodyBytes();
        this.json = json;
        this.adapters = adapters;
        this.embeddings = new OpenAiEmbeddings(config, json, proxy);
        this.images = new OpenAiImages(config.models().createImageModel(), config.upstream().baseUrl(), json,
                imageProxy, imageStore);
        this.imageChat = new OpenAiImageChat(config, json, images);
        this.models = new OpenAiModels(config, json, proxy, imageChat.modelName());
    }

    /**
     * The image chat model is answered by image generation, not by a Gemini chat: it is picked out
     * before the chat adapter sees the request.
     *
     * @param route the path after {@code /v1/}, e.g. {@code chat/completions}
     */
    public void handle(HttpServerExchange exchange, String route) {
        if (route.equals("chat/completions")) {
            expect(exchange, Methods.POST, () -> withJsonObject(exchange, body -> {
                if (imageChat.handles(body)) {
                    imageChat.handle(body, new ResponseChannel(exchange), RequestLogContext.of(exchange));
                } else {
                    adapters.serveBuiltIn(exchange, OpenAiChatAdapter.ID, body);
                }
            }));
        } else if (route.equals("embeddings")) {
            expect(exchange, Methods.POST, () -> withJsonObject(exchange,
                    body -> embeddings.handle(body, new ResponseChannel(exchange), RequestLogContext.of(exchange))));
        } else if (route.equals("images/generations")) {
            expect(exchange, Methods.POST, () -> withJsonObject(exchange,
                    body -> images.handle(body, new ResponseChannel(exchange), RequestLogContext.of(exchange))));
        } else if (route.equals("models")) {
            expect(exchange, Methods.GET, () -> withBody(exchange,
                    body -> models.list(new ResponseChannel(exchange), RequestLogContext.of(exchange))));
        } else if (route.startsWith("models/") && route.length() > "models/".length()) {
            String id = route.substring("models/".length());
            RequestLogContext.of(exchange).model(id);
            expect(exchange, Methods.GET, () -> withBody(exchange,
                    body -> models.get(new ResponseChannel(exchange), id, RequestLogContext.of(exchange))));
        } else {
            Responses.error(exchange, ApiProtocol.OPENAI, 404, "Unknown route /v1/" + route);
        }
    }

    private static void expect(HttpServerExchange exchange, HttpString method, Runnable then) {
        if (method.equals(exchange.getRequestMethod())) {
            then.run();
        } else {
            Responses.error(exchange, ApiProtocol.OPENAI, 405, "Use " + method + " on this route");
        }
    }

    /**
     * Every call reads its body first, even an empty one: handlers then always run from the body
     * callback, where the exchange is dispatched and stays open until the response ends.
     */
    private void withBody(HttpServerExchange exchange, Consumer<byte[]> then) {
        RequestBodies.read(exchange, maxBodyBytes, ApiProtocol.OPENAI, then);
    }

    private void withJsonObject(HttpServerExchange exchange, Consumer<JsonNode> then) {
        withBody(exchange, bytes -> {
            JsonNode body;
            try {
                body = json.readTree(bytes);
            } catch (IOException e) {
                OpenAiErrors.invalidJson(exchange);
                return;
            }
            if (body == null || !body.isObject()) {
                OpenAiErrors.invalidJson(exchange);
                return;
            }
            then.accept(body);
        });
    }
}
