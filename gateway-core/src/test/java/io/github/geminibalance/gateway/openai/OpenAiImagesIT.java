package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.images.Image;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.plugin.TestPlugins;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockserver.matchers.Times;
import org.mockserver.verify.VerificationTimes;

/**
 * {@code POST /v1/images/generations} driven by OpenAI's official Java SDK (retries off), with
 * MockServer where Google would be and, for the URL tests, where the image host would be: a real
 * uploader plugin, built at test time and loaded through the plugin host, uploads to it.
 */
class OpenAiImagesIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGEN_PATH = "/v1beta/models/imagen-3.0-generate-002:predict";
    private static final String GEMINI_IMAGE_MODEL = "gemini-2.5-flash-image";
    private static final String GEMINI_PATH = "/v1beta/models/" + GEMINI_IMAGE_MODEL + ":generateContent";
    private static final String HOST_PATH = "/image-host/upload";
    private static final String HOST_TOKEN = "host-token-0123456789";
    private static final String PAID_KEY = "AIzaSyP-paid-key-pppppppppppppppppppppppp";
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/[0-9a-f]{8}\\.png");

    /** Image bytes as an upstream would send them: not text, and each distinct. */
    private static final byte[] IMAGE_1 = image(1);
    private static final byte[] IMAGE_2 = image(2);
    private static final byte[] IMAGE_3 = image(3);

    @TempDir
    static Path pluginsDir;
    @TempDir
    static Path emptyPluginsDir;

    private OpenAIClient client;

    @BeforeAll
    static void buildPlugins() {
        TestPlugins.httpUploader(pluginsDir);
        TestPlugins.throwingUploader(pluginsDir);
    }

    /** No uploader installed unless a test installs one: images come back as data URLs. */
    @Override
    protected Map<String, String> settings() {
        return Map.of("PLUGINS_DIR", emptyPluginsDir.toString());
    }

    @BeforeEach
    void startClient() {
        client = sdk("/v1");
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    // ---------------------------------------------------------------- Imagen

    @Test
    void imagenDrawsEveryImageInOnePredictCallWithThePoolAndAnswersBase64() throws Exception {
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1, IMAGE_2));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .model("dall-e-3") // means nothing here: CREATE_IMAGE_MODEL draws
                .prompt("  a lighthouse at dawn ")
                .n(2)
                .size(ImageGenerateParams.Size._1792X1024)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        List<Image> data = images.data().orElseThrow();
        assertEquals(2, data.size());
        assertArrayEquals(IMAGE_1, decoded(data.get(0)));
        assertArrayEquals(IMAGE_2, decoded(data.get(1)));
        for (Image image : data) {
            assertEquals("a lighthouse at dawn", image.revisedPrompt().orElseThrow());
            assertTrue(image.url().isEmpty());
        }
        assertTrue(images.created() > 0);

        org.mockserver.model.HttpRequest sent = onlyUpstreamRequest();
        assertEquals(IMAGEN_PATH, sent.getPath().getValue());
        assertEquals("POST", sent.getMethod().getValue());
        assertPoolKeyOnly(sent);
        JsonNode body = JSON.readTree(sent.getBodyAsString());
        assertEquals(1, body.get("instances").size());
        assertEquals("a lighthouse at dawn", body.at("/instances/0/prompt").asText());
        assertEquals(2, body.at("/parameters/sampleCount").asInt());
        assertEquals("16:9", body.at("/parameters/aspectRatio").asText());
    }

    @Test
    void promptMarkersAreRemovedAndWinOverNAndSize() throws Exception {
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1, IMAGE_2, IMAGE_3));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .prompt("a cat {n:3} {ratio:9:16}")
                .n(1)
                .size(ImageGenerateParams.Size._1024X1024)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        List<Image> data = images.data().orElseThrow();
        assertEquals(3, data.size());
        assertArrayEquals(IMAGE_3, decoded(data.get(2)));
        assertEquals("a cat", data.get(0).revisedPrompt().orElseThrow());

        JsonNode body = JSON.readTree(onlyUpstreamRequest().getBodyAsString());
        assertEquals("a cat", body.at("/instances/0/prompt").asText());
        assertEquals(3, body.at("/parameters/sampleCount").asInt());
        assertEquals("9:16", body.at("/parameters/aspectRatio").asText());
    }

    @Test
    void theHfRouteServesImagesToo() throws Exception {
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1));
        OpenAIClient hf = sdk("/hf/v1");
        try {
            ImagesResponse images = hf.images().generate(ImageGenerateParams.builder()
                    .prompt("a fox")
                    .size(ImageGenerateParams.Size._1024X1792)
                    .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                    .build());

            assertArrayEquals(IMAGE_1, decoded(images.data().orElseThrow().get(0)));
        } finally {
            hf.close();
        }
        JsonNode body = JSON.readTree(onlyUpstreamRequest().getBodyAsString());
        assertEquals(1, body.at("/parameters/sampleCount").asInt());
        assertEquals("9:16", body.at("/parameters/aspectRatio").asText());
    }

    @Test
    void anImagenModelTheClientNamesIsTheOneThatDraws() throws Exception {
        String path = "/v1beta/models/imagen-4.0-generate-001:predict";
        answer(path, 200, predictions(IMAGE_2));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .model("imagen-4.0-generate-001")
                .prompt("a map")
                .size(ImageGenerateParams.Size._1024X1536)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        assertArrayEquals(IMAGE_2, decoded(images.data().orElseThrow().get(0)));
        org.mockserver.model.HttpRequest sent = onlyUpstreamRequest();
        assertEquals(path, sent.getPath().getValue());
        assertEquals("3:4", JSON.readTree(sent.getBodyAsString()).at("/parameters/aspectRatio").asText());
    }

    @Test
    void anUpstreamAnswerThatIsNotJsonIsA502NotAHang() {
        upstream.when(request().withPath(IMAGEN_PATH))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/html").withBody("<html>oops</html>"));

        InternalServerException failed = assertThrows(InternalServerException.class,
                () -> client.images().generate(ImageGenerateParams.builder().prompt("a page").build()));

        assertEquals(502, failed.statusCode());
    }

    // ---------------------------------------------------------------- Gemini image models

    @Test
    void aGeminiImageModelDrawsOneImageACall() throws Exception {
        upstream.when(request().withPath(GEMINI_PATH), Times.once()).respond(json(200, geminiImage("image/png", IMAGE_1)));
        upstream.when(request().withPath(GEMINI_PATH), Times.once()).respond(json(200, geminiImage("image/png", IMAGE_2)));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .model(GEMINI_IMAGE_MODEL)
                .prompt("a red bicycle")
                .n(2)
                .size("1536x1024")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        List<Image> data = images.data().orElseThrow();
        assertEquals(2, data.size());
        assertArrayEquals(IMAGE_1, decoded(data.get(0)));
        assertArrayEquals(IMAGE_2, decoded(data.get(1)));
        assertEquals("a red bicycle", data.get(1).revisedPrompt().orElseThrow());

        upstream.verify(request().withPath(GEMINI_PATH), VerificationTimes.exactly(2));
        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertEquals(2, sent.length);
        for (org.mockserver.model.HttpRequest one : sent) {
            assertPoolKeyOnly(one);
            JsonNode body = JSON.readTree(one.getBodyAsString());
            assertEquals("a red bicycle", body.at("/contents/0/parts/0/text").asText());
            assertEquals(JSON.readTree("[\"TEXT\",\"IMAGE\"]"), body.at("/generationConfig/responseModalities"));
            assertEquals("4:3", body.at("/generationConfig/imageConfig/aspectRatio").asText());
        }
    }

    @Test
    void aGeminiImageAsAUrlIsADataUrlOfItsOwnType() throws Exception {
        answer(GEMINI_PATH, 200, geminiImage("image/jpeg", IMAGE_3));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .model(GEMINI_IMAGE_MODEL)
                .prompt("a teapot {ratio:3:4}")
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());

        Image image = images.data().orElseThrow().get(0);
        assertEquals("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(IMAGE_3), image.url().orElseThrow());
        assertTrue(image.b64Json().isEmpty());
        JsonNode body = JSON.readTree(onlyUpstreamRequest().getBodyAsString());
        assertEquals("a teapot", body.at("/contents/0/parts/0/text").asText());
        assertEquals("3:4", body.at("/generationConfig/imageConfig/aspectRatio").asText());
    }

    // ---------------------------------------------------------------- URLs

    @Test
    void urlsWithoutAnUploaderAreDataUrls() throws Exception {
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1, IMAGE_2));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .prompt("two moons")
                .n(2)
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());

        List<Image> data = images.data().orElseThrow();
        assertEquals(List.of(dataUrl(IMAGE_1), dataUrl(IMAGE_2)), data.stream().map(i -> i.url().orElseThrow()).toList());
        assertEquals("two moons", data.get(0).revisedPrompt().orElseThrow());
        assertTrue(data.get(0).b64Json().isEmpty());
    }

    @Test
    void withoutAResponseFormatTheAnswerIsAUrl() throws Exception {
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder().prompt("a comet").build());

        assertEquals(dataUrl(IMAGE_1), images.data().orElseThrow().get(0).url().orElseThrow());
    }

    @Test
    void urlsWithAnUploaderAreTheImageHostsUrls() throws Exception {
        restart(uploader("testhost"));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_2));
        upstream.when(request().withMethod("POST").withPath(HOST_PATH))
                .respond(json(200, "{\"url\":\"https://images.example/stored/abc123.png\"}"));

        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .prompt("a glass whale")
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());
        LocalDate after = LocalDate.now(ZoneOffset.UTC);

        Image image = images.data().orElseThrow().get(0);
        assertEquals("https://images.example/stored/abc123.png", image.url().orElseThrow());
        assertEquals("a glass whale", image.revisedPrompt().orElseThrow());

        org.mockserver.model.HttpRequest[] uploads = upstream.retrieveRecordedRequests(request().withPath(HOST_PATH));
        assertEquals(1, uploads.length);
        org.mockserver.model.HttpRequest upload = uploads[0];
        assertEquals("Bearer " + HOST_TOKEN, upload.getFirstHeader("Authorization"));
        assertTrue(upload.getFirstHeader("Content-Type").startsWith("multipart/form-data; boundary="),
                upload.getFirstHeader("Content-Type"));
        FilePart file = filePart(upload, "file");
        assertEquals("image/png", file.contentType());
        assertArrayEquals(IMAGE_2, file.data());
        Matcher name = FILE_NAME.matcher(file.fileName());
        assertTrue(name.matches(), "file name " + file.fileName());
        LocalDate named = LocalDate.of(Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2)),
                Integer.parseInt(name.group(3)));
        assertTrue(named.equals(before) || named.equals(after), named + " is today (UTC)");

        org.mockserver.model.HttpRequest[] google = upstream.retrieveRecordedRequests(request().withPath(IMAGEN_PATH));
        assertEquals(1, google.length);
        assertPoolKeyOnly(google[0]);
        assertFalse(upload.containsHeader("x-goog-api-key"), "the pool key went to the image host");
    }

    @Test
    void anImageHostThatRefusesMeansDataUrlsAndStillA200() throws Exception {
        restart(uploader("testhost"));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1, IMAGE_2));
        upstream.when(request().withPath(HOST_PATH)).respond(json(500, "{\"error\":\"disk full\"}"));

        HttpResponseFor<ImagesResponse> raw = client.images().withRawResponse().generate(ImageGenerateParams.builder()
                .prompt("a storm")
                .n(2)
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());

        assertEquals(200, raw.statusCode());
        List<Image> data = raw.parse().data().orElseThrow();
        assertEquals(List.of(dataUrl(IMAGE_1), dataUrl(IMAGE_2)), data.stream().map(i -> i.url().orElseThrow()).toList());
        upstream.verify(request().withPath(HOST_PATH), VerificationTimes.exactly(2)); // it was tried, for each image
    }

    @Test
    void anUploaderThatThrowsMeansDataUrlsAndStillA200() throws Exception {
        restart(Map.of("PLUGINS_DIR", pluginsDir.toString(), "UPLOAD_PROVIDER", "throwing"));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_3));

        HttpResponseFor<ImagesResponse> raw = client.images().withRawResponse().generate(ImageGenerateParams.builder()
                .prompt("a bug")
                .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                .build());

        assertEquals(200, raw.statusCode());
        assertEquals(dataUrl(IMAGE_3), raw.parse().data().orElseThrow().get(0).url().orElseThrow());
    }

    @Test
    void base64AnswersNeverTouchTheUploader() throws Exception {
        restart(uploader("testhost"));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1));

        ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
                .prompt("a kite")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        assertArrayEquals(IMAGE_1, decoded(images.data().orElseThrow().get(0)));
        upstream.verify(request().withPath(HOST_PATH), VerificationTimes.never());
    }

    // ---------------------------------------------------------------- PAID_KEY

    @Test
    void paidKeyDrawsTheImagesAndOnlyTheImages() throws Exception {
        restart(Map.of("PAID_KEY", PAID_KEY));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1));
        answer("/v1beta/models/gemini-2.5-flash:generateContent", 200,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}]}");

        client.images().generate(ImageGenerateParams.builder()
                .prompt("a coin")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());
        client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("hi").build());

        org.mockserver.model.HttpRequest[] images = upstream.retrieveRecordedRequests(request().withPath(IMAGEN_PATH));
        assertEquals(1, images.length);
        assertEquals(PAID_KEY, images[0].getFirstHeader("x-goog-api-key"));
        org.mockserver.model.HttpRequest[] chats = upstream.retrieveRecordedRequests(
                request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"));
        assertEquals(1, chats.length);
        assertPoolKeyOnly(chats[0]);
    }

    @Test
    void paidKeyDrawsGeminiImagesToo() throws Exception {
        restart(Map.of("PAID_KEY", PAID_KEY));
        answer(GEMINI_PATH, 200, geminiImage("image/png", IMAGE_1));

        client.images().generate(ImageGenerateParams.builder()
                .model(GEMINI_IMAGE_MODEL)
                .prompt("a bell {n:2}")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build());

        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertEquals(2, sent.length);
        for (org.mockserver.model.HttpRequest one : sent) {
            assertEquals(PAID_KEY, one.getFirstHeader("x-goog-api-key"));
        }
    }

    @Test
    void aRateLimitedPaidKeyIsARateLimitException() throws Exception {
        restart(Map.of("PAID_KEY", PAID_KEY));
        answer(IMAGEN_PATH, 429, fixture("429-per-minute.json"));

        RateLimitException limited = assertThrows(RateLimitException.class,
                () -> client.images().generate(ImageGenerateParams.builder()
                        .prompt("a queue")
                        .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                        .build()));

        assertEquals(429, limited.statusCode());
        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertTrue(sent.length >= 1);
        for (org.mockserver.model.HttpRequest one : sent) {
            assertEquals(IMAGEN_PATH, one.getPath().getValue());
            assertEquals(PAID_KEY, one.getFirstHeader("x-goog-api-key"), "never a pool key");
        }
    }

    @Test
    void thePaidKeyIsNeverTakenOutOfRotationByUpstreamFailures() throws Exception {
        // Three failures take a pool key out of rotation; the paid key is the only one there is.
        restart(Map.of("PAID_KEY", PAID_KEY, "MAX_FAILURES", "3"));
        upstream.when(request().withPath(IMAGEN_PATH), Times.exactly(3)).respond(json(503, fixture("503-overloaded.json")));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1));
        ImageGenerateParams params = ImageGenerateParams.builder()
                .prompt("a sunrise")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build();

        for (int i = 0; i < 3; i++) {
            InternalServerException overloaded = assertThrows(InternalServerException.class,
                    () -> client.images().generate(params));
            assertEquals(503, overloaded.statusCode());
        }
        ImagesResponse images = client.images().generate(params);

        assertArrayEquals(IMAGE_1, decoded(images.data().orElseThrow().get(0)));
        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertEquals(4, sent.length);
        for (org.mockserver.model.HttpRequest one : sent) {
            assertEquals(PAID_KEY, one.getFirstHeader("x-goog-api-key"));
        }
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void anUnsupportedSizeIsA400ThatListsTheSupportedOnes() {
        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> client.images().generate(ImageGenerateParams.builder()
                        .prompt("a square")
                        .size("999x999")
                        .build()));

        assertEquals(400, refused.statusCode());
        assertEquals("size", refused.param().orElseThrow());
        String message = refused.getMessage();
        for (String size : List.of("999x999", "1024x1024", "1792x1024", "1024x1792", "1536x1024", "1024x1536",
                "512x512", "256x256")) {
            assertTrue(message.contains(size), "names " + size + ": " + message);
        }
        assertEquals(0, upstream.retrieveRecordedRequests(null).length);
    }

    @Test
    void moreThanFourImagesIsA400WithoutAnUpstreamCall() {
        BadRequestException byN = assertThrows(BadRequestException.class,
                () -> client.images().generate(ImageGenerateParams.builder().prompt("many").n(5).build()));
        BadRequestException byMarker = assertThrows(BadRequestException.class,
                () -> client.images().generate(ImageGenerateParams.builder().prompt("many {n:7}").build()));

        assertEquals(400, byN.statusCode());
        assertEquals("n", byN.param().orElseThrow());
        assertTrue(byN.getMessage().contains("1 to 4"), byN.getMessage());
        assertEquals(400, byMarker.statusCode());
        assertTrue(byMarker.getMessage().contains("{n:7}"), byMarker.getMessage());
        assertEquals(0, upstream.retrieveRecordedRequests(null).length);
    }

    @Test
    void anUpstreamAnswerWithoutImagesIsAContentPolicyViolation() throws Exception {
        answer(IMAGEN_PATH, 200, "{\"predictions\":[{\"raiFilteredReason\":\"filtered by the safety filters\"}]}");

        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> client.images().generate(ImageGenerateParams.builder()
                        .prompt("something forbidden")
                        .n(2)
                        .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                        .build()));

        assertEquals(400, refused.statusCode());
        assertEquals("content_policy_violation", refused.code().orElseThrow());
        assertEquals(1, upstream.retrieveRecordedRequests(null).length);
    }

    @Test
    void aGeminiAnswerWithOnlyTextIsAContentPolicyViolationAfterOneCall() throws Exception {
        answer(GEMINI_PATH, 200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"I cannot draw that.\"}],"
                + "\"role\":\"model\"},\"finishReason\":\"STOP\"}]}");

        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> client.images().generate(ImageGenerateParams.builder()
                        .model(GEMINI_IMAGE_MODEL)
                        .prompt("something forbidden")
                        .n(3)
                        .build()));

        assertEquals("content_policy_violation", refused.code().orElseThrow());
        upstream.verify(request().withPath(GEMINI_PATH), VerificationTimes.exactly(1));
    }

    // ---------------------------------------------------------------- the image chat model

    @Test
    void theImageChatModelDrawsTheLastUserMessage() throws Exception {
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1, IMAGE_2));

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("imagen-3.0-generate-002-chat")
                .addUserMessage("draw something")
                .addAssistantMessage("what?")
                .addUserMessage("a dog {n:2} {ratio:16:9}")
                .build());

        assertEquals("![Generated Image 1](" + dataUrl(IMAGE_1) + ")\n![Generated Image 2](" + dataUrl(IMAGE_2) + ")",
                completion.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        JsonNode body = JSON.readTree(onlyUpstreamRequest().getBodyAsString());
        assertEquals("a dog", body.at("/instances/0/prompt").asText());
        assertEquals(2, body.at("/parameters/sampleCount").asInt());
        assertEquals("16:9", body.at("/parameters/aspectRatio").asText());
    }

    @Test
    void theImageChatModelStreamsLinksToTheImageHost() throws Exception {
        restart(uploader("testhost"));
        answer(IMAGEN_PATH, 200, predictions(IMAGE_1));
        upstream.when(request().withMethod("POST").withPath(HOST_PATH))
                .respond(json(200, "{\"url\":\"https://images.example/stored/dog.png\"}"));

        StringBuilder content = new StringBuilder();
        int finishes = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("imagen-3.0-generate-002-chat").addUserMessage("a dog").build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(content::append);
                    finishes += choice.finishReason().isPresent() ? 1 : 0;
                }
            }
        }

        assertEquals("![Generated Image 1](https://images.example/stored/dog.png)", content.toString());
        assertEquals(1, finishes);
    }

    @Test
    void theModelListShowsTheImageChatModel() {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models"))
                .respond(json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"}]}"));

        assertTrue(client.models().list().data().stream().anyMatch(model -> model.id().equals("imagen-3.0-generate-002-chat")));
    }

    // ---------------------------------------------------------------- helpers

    private OpenAIClient sdk(String prefix) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + prefix)
                .apiKey(CLIENT_TOKEN)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(15))
                .build();
    }

    /** Replaces this test's gateway (and client) by one with these settings on top of the class's. */
    private void restart(Map<String, String> overrides) {
        client.close();
        gateway.shutdown(Duration.ofSeconds(1));
        Map<String, String> settings = new HashMap<>(settings());
        settings.putAll(overrides);
        gateway = TestGateways.start(upstreamBaseUrl(), settings);
        client = sdk("/v1");
    }

    /** The test plugins installed, and {@code provider} chosen, uploading to MockServer's image host. */
    private static Map<String, String> uploader(String provider) {
        return Map.of("PLUGINS_DIR", pluginsDir.toString(), "UPLOAD_PROVIDER", provider,
                "TESTHOST_URL", "http://127.0.0.1:" + upstream.getPort() + HOST_PATH, "TESTHOST_TOKEN", HOST_TOKEN);
    }

    private static byte[] image(int seed) {
        byte[] bytes = new byte[64];
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(png, 0, bytes, 0, png.length);
        for (int i = png.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + seed * 101); // every byte value range, NULs and high bytes included
        }
        return bytes;
    }

    private static String predictions(byte[]... images) {
        StringBuilder body = new StringBuilder("{\"predictions\":[");
        for (int i = 0; i < images.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"mimeType\":\"image/png\",\"bytesBase64Encoded\":\"")
                    .append(Base64.getEncoder().encodeToString(images[i])).append("\"}");
        }
        return body.append("]}").toString();
    }

    private static String geminiImage(String mimeType, byte[] image) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here it is.\"},{\"inlineData\":{\"mimeType\":\""
                + mimeType + "\",\"data\":\"" + Base64.getEncoder().encodeToString(image) + "\"}}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\"}],\"modelVersion\":\"" + GEMINI_IMAGE_MODEL + "\"}";
    }

    private static byte[] decoded(Image image) {
        return Base64.getDecoder().decode(image.b64Json().orElseThrow());
    }

    private static String dataUrl(byte[] image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(image);
    }





    private record FilePart(String fileName, String contentType, byte[] data) {}

    /** The file field {@code name} of a multipart request, its bytes exactly as they came. */
    private static FilePart filePart(org.mockserver.model.HttpRequest sent, String name) {
        String contentType = sent.getFirstHeader("Content-Type");
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        // ISO-8859-1 maps every byte to one char and back, so binary parts survive the round trip.
        String body = new String(sent.getBodyAsRawBytes(), StandardCharsets.ISO_8859_1);
        List<String> parts = new ArrayList<>(List.of(body.split(Pattern.quote(boundary))));
        for (String part : parts) {
            int end = part.indexOf("\r\n\r\n");
            if (end < 0) {
                continue;
            }
            String head = part.substring(0, end);
            if (!head.contains("name=\"" + name + "\"")) {
                continue;
            }
            Matcher fileName = Pattern.compile("filename=\"([^\"]*)\"").matcher(head);
            Matcher type = Pattern.compile("(?i)content-type: *([^\r\n]+)").matcher(head);
            assertTrue(fileName.find(), head);
            assertTrue(type.find(), head);
            String content = part.substring(end + 4, part.length() - 2); // the part's CRLF before the boundary
            return new FilePart(fileName.group(1), type.group(1).trim(), content.getBytes(StandardCharsets.ISO_8859_1));
        }
        throw new AssertionError("no part " + name + " in " + body);
    }

    private static String fixture(String name) throws Exception {
        try (var in = OpenAiImagesIT.class.getResourceAsStream("/upstream-errors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
