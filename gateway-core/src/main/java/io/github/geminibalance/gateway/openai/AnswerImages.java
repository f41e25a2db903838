package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the images in a Gemini answer before it is translated, so that a chat client gets links
 * to the image host instead of megabytes of base64 in its text. Each uploaded image's part becomes
 * the {@code fileData} part Gemini itself would use for a file at that URL. An image the host
 * refuses stays inline and reaches the client as a data URL, as in the original gateway's newest
 * version.
 */
final class AnswerImages {

    private static final Logger log = LoggerFactory.getLogger(AnswerImages.class);

    private AnswerImages() {}

    /** Uploads every inline image of {@code answer}, in place; completes when all are done. */
    static CompletableFuture<JsonNode> upload(JsonNode answer, ImageStore store) {
        List<CompletableFuture<Void>> uploads = new ArrayList<>();
        for (JsonNode candidate : answer.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                JsonNode inline = part.path("inlineData");
                if (part instanceof ObjectNode image && inline.hasNonNull("data") && !part.path("thought").asBoolean(false)) {
                    String mimeType = inline.path("mimeType").asText("image/png");
                    uploads.add(store.store(Base64.getDecoder().decode(inline.get("data").asText()), mimeType)
                            .exceptionally(failure -> {
                                log.warn("image upload failed, answering with a data URL: {}", failure.getMessage());
                                return Optional.empty();
                            })
                            .thenAccept(url -> url.ifPresent(link -> linkTo(image, mimeType, link))));
                }
            }
        }
        return CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).thenApply(done -> answer);
    }

    /** Parts are distinct objects, so uploads finishing on different threads never touch the same one. */
    private static void linkTo(ObjectNode part, String mimeType, URI link) {
        part.remove("inlineData");
        part.putObject("fileData").put("mimeType", mimeType).put("fileUri", link.toString());
    }
}
