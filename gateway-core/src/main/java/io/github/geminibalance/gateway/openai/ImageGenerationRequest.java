package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI {@code images/generations} request, checked and resolved: the model that will draw,
 * how many images, in which aspect ratio, and how the client wants them back.
 *
 * <p>The original gateway's prompt markers work as before: {@code {n:K}} asks for K images (1 to
 * 4) and {@code {ratio:W:H}} for an aspect ratio; both are removed from the prompt and win over
 * {@code n} and {@code size}.
 */
public record ImageGenerationRequest(
        String model, Family family, String prompt, int count, String aspectRatio, boolean base64) {

    /** How a model makes images. */
    public enum Family {
        /** Imagen: {@code :predict}, several images per call. */
        IMAGEN,
        /** Gemini image models: {@code :generateContent} with image output, one image per call. */
        GEMINI
    }

    static final List<String> RATIOS = List.of("1:1", "3:4", "4:3", "9:16", "16:9");
    /** OpenAI's sizes, each drawn at the nearest ratio Gemini offers. */
    static final Map<String, String> SIZES = Map.of(
            "256x256", "1:1", "512x512", "1:1", "1024x1024", "1:1", "auto", "1:1",
            "1792x1024", "16:9", "1024x1792", "9:16", "1536x1024", "4:3", "1024x1536", "3:4");

    private static final Pattern COUNT_MARKER = Pattern.compile("\\{n:(\\d+)}");
    private static final Pattern RATIO_MARKER = Pattern.compile("\\{ratio:(\\d+:\\d+)}");

    public ImageGenerationRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(aspectRatio, "aspectRatio");
    }

    /**
     * @param defaultModel {@code CREATE_IMAGE_MODEL}, used unless the client names an Imagen or
     *     Gemini model itself (clients often send {@code dall-e-3}, which means nothing here)
     */
    public static ImageGenerationRequest parse(JsonNode body, String defaultModel) {
        String prompt = RequestFields.requiredString(body, "", "prompt");
        String requestedModel = body.path("model").isTextual() ? body.path("model").asText() : "";
        String model = requestedModel.startsWith("imagen") || requestedModel.startsWith("gemini")
                ? requestedModel : defaultModel;
        Family family = model.startsWith("imagen") ? Family.IMAGEN : Family.GEMINI;

        int count = count(body.path("n"));
        Matcher countMarker = COUNT_MARKER.matcher(prompt);
        if (countMarker.find()) {
            count = Integer.parseInt(countMarker.group(1));
            if (count < 1 || count > 4) {
                throw OpenAiRequestException.badRequest("{n:" + count + "} in the prompt must be 1 to 4", "prompt");
            }
        }
        String ratio = ratio(body.path("size"));
        Matcher ratioMarker = RATIO_MARKER.matcher(prompt);
        if (ratioMarker.find()) {
            ratio = ratioMarker.group(1);
            if (!RATIOS.contains(ratio)) {
                throw OpenAiRequestException.badRequest(
                        "{ratio:" + ratio + "} in the prompt must be one of " + RATIOS, "prompt");
            }
        }
        String cleaned = RATIO_MARKER.matcher(COUNT_MARKER.matcher(prompt).replaceAll("")).replaceAll("").trim();
        if (cleaned.isEmpty()) {
            throw OpenAiRequestException.badRequest("'prompt' is empty once its markers are removed", "prompt");
        }
        return new ImageGenerationRequest(model, family, cleaned, count, ratio, base64(body.path("response_format")));
    }

    private static int count(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return 1;
        }
        if (!n.canConvertToExactIntegral() || n.asInt() < 1 || n.asInt() > 4) {
            throw OpenAiRequestException.badRequest("'n' must be an integer from 1 to 4", "n");
        }
        return n.asInt();
    }

    private static String ratio(JsonNode size) {
        if (size.isMissingNode() || size.isNull()) {
            return "1:1";
        }
        String ratio = SIZES.get(size.asText());
        if (ratio == null) {
            throw OpenAiRequestException.badRequest("'size' " + size.asText() + " is not supported; use one of "
                    + SIZES.keySet().stream().sorted().toList(), "size");
        }
        return ratio;
    }

    private static boolean base64(JsonNode format) {
        String value = format.isMissingNode() || format.isNull() ? "url" : format.asText();
        return switch (value) {
            case "url" -> false;
            case "b64_json" -> true;
            default -> throw OpenAiRequestException.badRequest(
                    "'response_format' must be 'url' or 'b64_json'", "response_format");
        };
    }
}
