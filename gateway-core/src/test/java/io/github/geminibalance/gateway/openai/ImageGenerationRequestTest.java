package io.github.geminibalance.gateway.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.openai.ImageGenerationRequest.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageGenerationRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_MODEL = "imagen-3.0-generate-002";

    @Test
    void defaultsAreOneSquareImageAsAUrlFromTheConfiguredModel() throws Exception {
        ImageGenerationRequest request = parse("{\"model\":\"dall-e-3\",\"prompt\":\"a cat\"}");
        assertEquals(new ImageGenerationRequest(DEFAULT_MODEL, Family.IMAGEN, "a cat", 1, "1:1", false), request);
    }

    @Test
    void aGeminiImageModelNamedByTheClientIsUsed() throws Exception {
        ImageGenerationRequest request = parse(
                "{\"model\":\"gemini-2.5-flash-image\",\"prompt\":\"a cat\",\"n\":2,\"response_format\":\"b64_json\"}");
        assertEquals(new ImageGenerationRequest("gemini-2.5-flash-image", Family.GEMINI, "a cat", 2, "1:1", true), request);
    }

    @ParameterizedTest
    @CsvSource({"1024x1024, 1:1", "1792x1024, 16:9", "1024x1792, 9:16", "1536x1024, 4:3", "1024x1536, 3:4",
            "512x512, 1:1", "auto, 1:1"})
    void sizesMapToTheNearestRatio(String size, String ratio) throws Exception {
        assertEquals(ratio, parse("{\"prompt\":\"x\",\"size\":\"" + size + "\"}").aspectRatio());
    }

    @Test
    void markersAreRemovedAndWinOverTheFields() throws Exception {
        ImageGenerationRequest request = parse("{\"prompt\":\"a {n:3} cat {ratio:16:9} on a mat\",\"n\":1,\"size\":\"1024x1792\"}");
        assertEquals("a  cat  on a mat", request.prompt());
        assertEquals(3, request.count());
        assertEquals("16:9", request.aspectRatio());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"prompt\":\"x\",\"size\":\"1000x1000\"}|size",
        "{\"prompt\":\"x\",\"n\":5}|n",
        "{\"prompt\":\"x {n:7}\"}|prompt",
        "{\"prompt\":\"x {ratio:2:1}\"}|prompt",
        "{\"prompt\":\"{n:2}\"}|prompt",
        "{\"prompt\":\"x\",\"response_format\":\"png\"}|response_format",
        "{\"n\":1}|prompt"})
    void badRequestsNameTheirField(String body, String param) {
        OpenAiRequestException refusal = assertThrows(OpenAiRequestException.class, () -> parse(body));
        assertEquals(400, refusal.status());
        assertEquals(param, refusal.param());
    }

    @Test
    void anUnsupportedSizeListsTheSupportedOnes() {
        OpenAiRequestException refusal = assertThrows(OpenAiRequestException.class,
                () -> parse("{\"prompt\":\"x\",\"size\":\"640x480\"}"));
        assertTrue(refusal.getMessage().contains("1792x1024"), refusal.getMessage());
    }

    @Test
    void upstreamBodiesAndAnswersOfBothFamilies() throws Exception {
        ImageGenerationRequest request = new ImageGenerationRequest(DEFAULT_MODEL, Family.IMAGEN, "a cat", 2, "16:9", false);
        assertEquals(JSON.readTree("{\"instances\":[{\"prompt\":\"a cat\"}],\"parameters\":{\"sampleCount\":2,"
                + "\"aspectRatio\":\"16:9\",\"personGeneration\":\"allow_adult\",\"outputOptions\":{\"mimeType\":\"image/png\"}}}"),
                ImageGenerationCalls.imagenRequest(JSON, request));
        assertEquals(JSON.readTree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a cat\"}]}],"
                + "\"generationConfig\":{\"responseModalities\":[\"TEXT\",\"IMAGE\"],\"imageConfig\":{\"aspectRatio\":\"16:9\"}}}"),
                ImageGenerationCalls.geminiRequest(JSON, request));

        assertEquals(java.util.List.of(new ImageGenerationCalls.GeneratedImage("image/png", "AAA"),
                        new ImageGenerationCalls.GeneratedImage("image/jpeg", "BBB")),
                ImageGenerationCalls.images(JSON.readTree("{\"predictions\":[{\"bytesBase64Encoded\":\"AAA\",\"mimeType\":\"image/png\"},"
                        + "{\"raiFilteredReason\":\"filtered\"},{\"bytesBase64Encoded\":\"BBB\",\"mimeType\":\"image/jpeg\"}]}")));
        assertEquals(java.util.List.of(new ImageGenerationCalls.GeneratedImage("image/png", "CCC")),
                ImageGenerationCalls.images(JSON.readTree("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"here\"},"
                        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"CCC\"}}]}}]}")));
    }

    private static ImageGenerationRequest parse(String body) throws Exception {
        return ImageGenerationRequest.parse(JSON.readTree(body), DEFAULT_MODEL);
    }
}
