package io.github.geminibalance.plugin.api.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The Gemini call a client request becomes.
 *
 * @param model the model as the client named it (suffixes such as {@code -search} work as on the
 *     other surfaces; the gateway resolves them and applies its tools and defaults)
 * @param request the {@code generateContent} body
 * @param stream whether the client wants the answer streamed
 * @param wholeAnswer for a streamed call: the gateway asks Gemini for the whole answer
 *     ({@code generateContent}), hands it to {@link ProtocolAdapter#finish}, and replays it through
 *     the {@link StreamConverter} as one chunk. For an adapter that must see the whole answer before
 *     the client sees any of it, for example to upload the images in it. Ignored when not streamed.
 * @param attachment whatever the adapter wants back in {@code fromGemini}, {@code finish} and
 *     {@code streamConverter} about this call (client options Gemini's request does not carry,
 *     say), or {@code null}; the gateway never looks at it
 * @since 1.1.0 for {@code wholeAnswer} and {@code attachment}
 */
public record GeminiCall(String model, ObjectNode request, boolean stream, boolean wholeAnswer, Object attachment) {

    public GeminiCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
    }

    /** A call answered as Gemini streams it, with no attachment. */
    public GeminiCall(String model, ObjectNode request, boolean stream) {
        this(model, request, stream, false, null);
    }

    /**
     * The attachment as the type the adapter gave it.
     *
     * @throws ClassCastException if it is not a {@code type}
     * @throws NullPointerException if there is none
     */
    public <T> T attachment(Class<T> type) {
        return type.cast(Objects.requireNonNull(attachment, "this call has no attachment"));
    }
}
