package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream side of image generation: the request each model family takes, and the images in
 * its answer.
 */
final class ImageGenerationCalls {

    /** One image as the upstream returned it. */
    record GeneratedImage(String mimeType, String base64) {}

    private ImageGenerationCalls() {}

    /** Imagen's {@code :predict}: all images in one call. */
    static ObjectNode imagenRequest(ObjectMapper json, ImageGenerationRequest request) {
        ObjectNode body = json.createObjectNode();
        body.putArray("instances").addObject().put("prompt", request.prompt());
        ObjectNode parameters = body.putObject("parameters")
                .put("sampleCount", request.count())
                .put("aspectRatio", request.aspectRatio())
                .put("personGeneration", "allow_adult");
        parameters.putObject("outputOptions").put("mimeType", "image/png");
        return body;
    }

    /** A Gemini image model's {@code :generateContent}: one image a call. */
    static ObjectNode geminiRequest(ObjectMapper json, ImageGenerationRequest request) {
        ObjectNode body = json.createObjectNode();
        body.putArray("contents").addObject().put("role", "user")
                .putArray("parts").addObject().put("text", request.prompt());
        ObjectNode config = body.putObject("generationConfig");
        config.putArray("responseModalities").add("TEXT").add("IMAGE");
        config.putObject("imageConfig").put("aspectRatio", request.aspectRatio());
        return body;
    }

    /** The images in an answer of either family; images the upstream filtered are simply absent. */
    static List<GeneratedImage> images(JsonNode answer) {
        List<GeneratedImage> images = new ArrayList<>();
        for (JsonNode prediction : answer.path("predictions")) {
            if (prediction.hasNonNull("bytesBase64Encoded")) {
                images.add(new GeneratedImage(prediction.path("mimeType").asText("image/png"),
                        prediction.get("bytesBase64Encoded").asText()));
            }
        }
        for (JsonNode candidate : answer.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.path("inline_data");
                if (inline.hasNonNull("data")) {
                    images.add(new GeneratedImage(
                            inline.path("mimeType").asText(inline.path("mime_type").asText("image/png")),
                            inline.get("data").asText()));
                }
            }
        }
        return images;
    }
}
