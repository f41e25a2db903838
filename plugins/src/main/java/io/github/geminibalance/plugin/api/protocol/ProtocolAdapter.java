package io.github.geminibalance.plugin.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.PluginContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * A client-facing protocol served by Gemini: its routes, how a client request becomes a Gemini
 * {@code generateContent} call, and how Gemini's answer (complete or streamed) becomes the
 * protocol's response. The gateway does the rest: access tokens, the key pool, retries on another
 * key before the first byte, timeouts, and the HTTP plumbing. An Anthropic Messages adapter, for
 * example, serves {@code POST /anthropic/v1/messages}. The gateway's own OpenAI chat surface is an
 * adapter too, registered the same way.
 *
 * <p>A call goes {@link #toGemini} → {@link #prepare} → Gemini → {@link #finish} →
 * {@link #fromGemini} when answered whole, and {@link #toGemini} → {@link #prepare} → Gemini →
 * {@link #streamConverter} when streamed.
 *
 * <p>Implementations are stateless and must not block; per-call state lives in the
 * {@link GeminiCall#attachment()} and in the {@link StreamConverter} they create.
 */
public interface ProtocolAdapter extends ExtensionPoint {

    /** A short name for logs and {@code plugins list}, e.g. {@code anthropic}. */
    String id();

    /** The exact paths this adapter serves with {@code POST}, e.g. {@code /anthropic/v1/messages}. */
    List<String> paths();

    /**
     * Translates a client request.
     *
     * @throws ProtocolException when the request is bad; {@link #error(ProtocolException)} renders it
     */
    GeminiCall toGemini(ClientRequest request, PluginContext context);

    /**
     * Finishes the call before it goes to Gemini, for work that waits on something, such as fetching
     * the media a request links to (through {@link PluginContext#http()}). The stage may fail with a
     * {@link ProtocolException} to refuse the request.
     *
     * @return the call as it goes upstream; by default {@code call} as it is
     * @since 1.1.0
     */
    default CompletionStage<GeminiCall> prepare(GeminiCall call, PluginContext context) {
        return CompletableFuture.completedFuture(call);
    }

    /**
     * Works on Gemini's whole answer before it is translated: for calls not streamed, and for
     * streamed ones with {@link GeminiCall#wholeAnswer()}. For work that waits on something, such
     * as uploading the images the answer holds and putting their URLs in their place.
     *
     * @return the answer to translate; by default {@code answer} as it is
     * @since 1.1.0
     */
    default CompletionStage<JsonNode> finish(GeminiCall call, JsonNode answer, PluginContext context) {
        return CompletableFuture.completedFuture(answer);
    }

    /** Translates Gemini's complete {@code GenerateContentResponse}. */
    ClientResponse fromGemini(GeminiCall call, JsonNode answer, PluginContext context);

    /** A converter for one streamed answer ({@link GeminiCall#stream()} true). */
    StreamConverter streamConverter(GeminiCall call, PluginContext context);

    /** An error in the protocol's own shape, with the HTTP status to send it with. */
    ClientResponse error(int status, String message);

    /**
     * The response to a request this adapter refused, for a protocol whose errors say more than a
     * status and a message (the field at fault, an error code) and a {@link ProtocolException}
     * subclass that carries it.
     *
     * @return by default {@code error(refusal.status(), refusal.getMessage())}
     * @since 1.1.0
     */
    default ClientResponse error(ProtocolException refusal) {
        return error(refusal.status(), String.valueOf(refusal.getMessage()));
    }
}
