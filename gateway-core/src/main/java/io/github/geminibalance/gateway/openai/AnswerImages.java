package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the images in a Gemini answer before it is translated, so that a chat client gets links
 * to the image host instead of megabytes of base64 in its text. An image the host refuses still
 * reaches the client, as a data URL, as in the original gateway's newest version.
 */
final class AnswerImages {

    private static final Logger log = LoggerFactory.getLogger(AnswerImages.class);

    private AnswerImages() {}

    /** Uploads every inline image of {@code answer}; the renderer then links each to its URL. */
    static CompletableFuture<InlineImageRenderer> upload(JsonNode answer, ImageStore store) {
        Map<String, URI> stored = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> uploads = new ArrayList<>();
        for (JsonNode candidate : answer.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                JsonNode inline = part.path("inlineData");
                if (inline.hasNonNull("data") && !part.path("thought").asBoolean(false)) {
                    String data = inline.get("data").asText();
                    uploads.add(store.store(Base64.getDecoder().decode(data), inline.path("mimeType").asText("image/png"))
                            .exceptionally(failure -> {
                                log.warn("image upload failed, answering with a data URL: {}", failure.getMessage());
                                return Optional.empty();
                            })
                            .thenAccept(url -> url.ifPresent(link -> stored.put(data, link))));
                }
            }
        }
        InlineImageRenderer dataUrls = InlineImageRenderer.dataUrl();
        return CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).thenApply(done ->
                (mimeType, base64) -> stored.containsKey(base64)
                        ? "![image](" + stored.get(base64) + ")"
                        : dataUrls.markdown(mimeType, base64));
    }
}
