package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An OpenAI chat request translated for Gemini, with what the response side needs to know.
 *
 * @param requestedModel the model name as the client sent it, echoed in every response
 * @param model the upstream model and the feature its suffix asks for
 * @param geminiRequest the {@code generateContent} body
 * @param stream whether the client asked for a stream ({@code stream: true}, and nothing else)
 * @param includeUsage {@code stream_options.include_usage}: a final usage chunk is wanted
 * @param pendingMedia images given by http(s) URL, to be fetched and inlined before the call
 */
public record ChatTranslation(
        String requestedModel,
        ResolvedModel model,
        ObjectNode geminiRequest,
        boolean stream,
        boolean includeUsage,
        List<MediaFetch> pendingMedia) {

    public ChatTranslation {
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(geminiRequest, "geminiRequest");
        pendingMedia = List.copyOf(pendingMedia);
    }

    /**
     * A part of {@link #geminiRequest} whose content must be fetched from {@code url}; once fetched
     * the part gets {@code "inlineData": {"mimeType": <the answer's content type>, "data": <base64>}}.
     */
    public record MediaFetch(URI url, ObjectNode part) {
        public MediaFetch {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(part, "part");
        }
    }
}
