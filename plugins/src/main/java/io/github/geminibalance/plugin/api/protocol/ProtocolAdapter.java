package io.github.geminibalance.plugin.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.PluginContext;
import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A client-facing protocol served by Gemini: its routes, how a client request becomes a Gemini
 * {@code generateContent} call, and how Gemini's answer (complete or streamed) becomes the
 * protocol's response. The gateway does the rest: access tokens, the key pool, retries on another
 * key before the first byte, timeouts, and the HTTP plumbing. An Anthropic Messages adapter, for
 * example, serves {@code POST /anthropic/v1/messages}.
 *
 * <p>Implementations are stateless and must not block; per-call state lives in the
 * {@link StreamConverter} they create.
 */
public interface ProtocolAdapter extends ExtensionPoint {

    /** A short name for logs and {@code plugins list}, e.g. {@code anthropic}. */
    String id();

    /** The exact paths this adapter serves with {@code POST}, e.g. {@code /anthropic/v1/messages}. */
    List<String> paths();

    /**
     * Translates a client request.
     *
     * @throws ProtocolException when the request is bad; {@link #error} renders it for the client
     */
    GeminiCall toGemini(ClientRequest request, PluginContext context);

    /** Translates Gemini's complete {@code GenerateContentResponse}. */
    ClientResponse fromGemini(GeminiCall call, JsonNode answer, PluginContext context);

    /** A converter for one streamed answer ({@link GeminiCall#stream()} true). */
    StreamConverter streamConverter(GeminiCall call, PluginContext context);

    /** An error in the protocol's own shape, with the HTTP status to send it with. */
    ClientResponse error(int status, String message);
}
