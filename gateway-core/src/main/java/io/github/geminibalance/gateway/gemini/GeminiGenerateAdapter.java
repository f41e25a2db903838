package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.protocol.BuiltInAdapter;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.protocol.ClientRequest;
import io.github.geminibalance.plugin.api.protocol.ClientResponse;
import io.github.geminibalance.plugin.api.protocol.GeminiCall;
import io.github.geminibalance.plugin.api.protocol.ProtocolException;
import io.github.geminibalance.plugin.api.protocol.StreamConverter;
import io.github.geminibalance.plugin.api.protocol.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Gemini's own {@code generateContent} and {@code streamGenerateContent} (as Server-Sent Events) as
 * the gateway's protocol adapter: the client's body is already the call, and Gemini's answer is
 * already the response, so both pass through unchanged in content. The native surface hands these
 * two methods here; it relays every other one (and a stream without {@code alt=sse}, a JSON array)
 * byte for byte itself.
 */
public final class GeminiGenerateAdapter implements BuiltInAdapter {

    public static final String ID = "gemini";
    private static final String MODELS = "/models/";
    private static final String STREAM = "streamGenerateContent";

    @Override
    public String id() {
        return ID;
    }

    /** The model is part of each path, so these are templates; the native surface routes them. */
    @Override
    public List<String> paths() {
        return List.of("/v1beta/models/{model}:generateContent", "/v1beta/models/{model}:" + STREAM,
                "/gemini/v1beta/models/{model}:generateContent", "/gemini/v1beta/models/{model}:" + STREAM,
                "/v1/models/{model}:generateContent", "/v1/models/{model}:" + STREAM);
    }

    @Override
    public ApiProtocol protocol() {
        return ApiProtocol.GEMINI;
    }

    @Override
    public GeminiCall toGemini(ClientRequest request, PluginContext context) {
        if (!(request.body() instanceof ObjectNode body)) {
            throw new ProtocolException(400, "Invalid JSON payload: expected a JSON object");
        }
        String path = request.path();
        ModelAction call = ModelAction.parse(path.substring(path.lastIndexOf(MODELS) + MODELS.length()))
                .orElseThrow(() -> new ProtocolException(400, "Malformed model method; expected models/{model}:{method}"));
        return new GeminiCall(call.model(), body, call.action().equals(STREAM));
    }

    @Override
    public ClientResponse fromGemini(GeminiCall call, JsonNode answer, PluginContext context) {
        return new ClientResponse(200, "application/json; charset=UTF-8", Json.bytes(context.json(), answer));
    }

    @Override
    public StreamConverter streamConverter(GeminiCall call, PluginContext context) {
        return new StreamConverter() {
            @Override
            public List<StreamEvent> onChunk(JsonNode chunk) {
                return List.of(StreamEvent.data(chunk.toString()));
            }

            @Override
            public List<StreamEvent> onEnd() {
                return List.of();
            }

            /** Google's SDKs raise an error event in Google's shape as an API error. */
            @Override
            public List<StreamEvent> onError(String message) {
                return List.of(StreamEvent.data(new String(ErrorBodies.gemini(502, message), StandardCharsets.UTF_8)));
            }
        };
    }

    @Override
    public ClientResponse error(int status, String message) {
        return new ClientResponse(status, "application/json", ErrorBodies.gemini(status, message));
    }
}
