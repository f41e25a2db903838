package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.matchers.Times;
import org.mockserver.model.Parameter;
import org.mockserver.verify.VerificationTimes;

/**
 * The OpenAI surface driven by OpenAI's official Java SDK (retries off), with MockServer answering
 * in Gemini's wire format where Google would be.
 */
class OpenAiSdkIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT_PATH = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String STREAM_PATH = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
    private static final String GEMINI_3 = "gemini-3-pro-preview";
    private static final String SIGNATURE = "c2lnbmF0dXJlLW9mLXRoZS1maXJzdC1jYWxs";

    private OpenAIClient client;

    @Override
    protected Map<String, String> settings() {
        return Map.of("FILTERED_MODELS", "[\"gemini-hidden\"]", "SEARCH_MODELS", "[\"gemini-2.5-flash\"]");
    }

    @BeforeEach
    void startClient() {
        client = sdk(CLIENT_TOKEN);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    // ---------------------------------------------------------------- chat

    @Test
    void chatAnswersTextWithMappedUsageAndSendsTheTranslatedRequestWithAPoolKey() throws Exception {
        answer(CHAT_PATH, 200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"},{\"text\":\" there!\"}],"
                + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":12,\"cachedContentTokenCount\":4,\"candidatesTokenCount\":5,"
                + "\"thoughtsTokenCount\":7,\"totalTokenCount\":24},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r-1\"}");

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash")
                .addSystemMessage("Be brief.")
                .addUserMessage("Say hello")
                .maxCompletionTokens(50)
                .temperature(0.2)
                .topP(0.9)
                .stop("END")
                .build());

        assertEquals("gemini-2.5-flash", completion.model());
        assertTrue(completion.id().startsWith("chatcmpl-"), completion.id());
        assertEquals(1, completion.choices().size());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals("Hello there!", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        assertTrue(choice.message().toolCalls().map(List::isEmpty).orElse(true));
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(12, usage.promptTokens());
        assertEquals(12, usage.completionTokens(), "candidates + thoughts");
        assertEquals(24, usage.totalTokens());
        assertEquals(4L, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        assertEquals(7L, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());

        org.mockserver.model.HttpRequest sent = onlyUpstreamRequest();
        assertEquals(CHAT_PATH, sent.getPath().getValue());
        assertPoolKeyOnly(sent);
        JsonNode body = JSON.readTree(sent.getBodyAsString());
        assertEquals(JSON.readTree("{\"parts\":[{\"text\":\"Be brief.\"}]}"), body.get("systemInstruction"));
        assertEquals(JSON.readTree("[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]"), body.get("contents"));
        JsonNode generation = body.get("generationConfig");
        assertEquals(50, generation.get("maxOutputTokens").asInt());
        assertEquals(0.2, generation.get("temperature").asDouble(), 1e-9);
        assertEquals(0.9, generation.get("topP").asDouble(), 1e-9);
        assertEquals(JSON.readTree("[\"END\"]"), generation.get("stopSequences"));
    }

    @Test
    void streamingWithoutIncludeUsageHasOneRoleOneFinishAndNoUsage() throws Exception {
        answerStream();

        List<ChatCompletionChunk> chunks = stream(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("hi").build());

        assertEquals("Hello, world!", text(chunks));
        assertRoleOnlyFirstAndOneFinish(chunks);
        assertTrue(chunks.stream().noneMatch(chunk -> chunk.usage().isPresent()), "no usage without include_usage");
        org.mockserver.model.HttpRequest sent = onlyUpstreamRequest();
        assertEquals(STREAM_PATH, sent.getPath().getValue());
        assertEquals("sse", sent.getFirstQueryStringParameter("alt"));
        assertPoolKeyOnly(sent);
    }

    @Test
    void streamingWithIncludeUsageEndsWithAUsageChunkWithoutChoices() throws Exception {
        answerStream();

        List<ChatCompletionChunk> chunks = stream(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("hi")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertEquals("Hello, world!", text(chunks));
        assertRoleOnlyFirstAndOneFinish(chunks);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty());
        CompletionUsage usage = last.usage().orElseThrow();
        assertEquals(5, usage.promptTokens());
        assertEquals(4 + 12, usage.completionTokens());
        assertEquals(21, usage.totalTokens());
        assertEquals(12L, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
        assertTrue(chunks.subList(0, chunks.size() - 1).stream().noneMatch(chunk -> chunk.usage().isPresent()),
                "usage only in the last chunk");
        Set<String> ids = chunks.stream().map(ChatCompletionChunk::id).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "one id for the whole stream");
    }

    // ---------------------------------------------------------------- tools

    @Test
    void toolCallRoundTripBringsTheThoughtSignatureBackOnTheSamePart() throws Exception {
        upstream.when(request().withPath("/v1beta/models/" + GEMINI_3 + ":generateContent"), Times.once())
                .respond(json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                        + "{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"" + SIGNATURE
                        + "\"}]},\"finishReason\":\"STOP\",\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":20,\"candidatesTokenCount\":8,\"totalTokenCount\":28}}"));
        upstream.when(request().withPath("/v1beta/models/" + GEMINI_3 + ":generateContent"), Times.once())
                .respond(json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                        + "\"It is 21 degrees in Paris.\"}]},\"finishReason\":\"STOP\",\"index\":0}]}"));

        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder()
                .model(GEMINI_3)
                .addUserMessage("What is the weather in Paris?")
                .addFunctionTool(weatherFunction())
                .build();
        ChatCompletion called = client.chat().completions().create(first);

        ChatCompletion.Choice choice = called.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        List<ChatCompletionMessageToolCall> toolCalls = choice.message().toolCalls().orElseThrow();
        assertEquals(1, toolCalls.size());
        ChatCompletionMessageFunctionToolCall call = toolCalls.get(0).asFunction();
        assertEquals("get_weather", call.function().name());
        assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), JSON.readTree(call.function().arguments()));
        assertTrue(call.id().startsWith("call_"), call.id());

        ChatCompletion answered = client.chat().completions().create(first.toBuilder()
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(call.id())
                        .content("{\"temp\":21,\"unit\":\"C\"}")
                        .build())
                .build());

        assertEquals("It is 21 degrees in Paris.", answered.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, answered.choices().get(0).finishReason());

        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertEquals(2, sent.length);
        JsonNode declared = JSON.readTree(sent[0].getBodyAsString()).at("/tools/0/functionDeclarations/0");
        assertEquals("get_weather", declared.get("name").asText());
        JsonNode contents = JSON.readTree(sent[1].getBodyAsString()).get("contents");
        assertEquals(3, contents.size(), contents.toString());
        assertEquals("user", contents.get(0).get("role").asText());
        JsonNode model = contents.get(1);
        assertEquals("model", model.get("role").asText());
        assertEquals(1, model.get("parts").size(), model.toString());
        JsonNode callPart = model.get("parts").get(0);
        assertEquals("get_weather", callPart.at("/functionCall/name").asText());
        assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), callPart.at("/functionCall/args"));
        assertEquals(SIGNATURE, callPart.get("thoughtSignature").asText(), "the signature on the same part");
        JsonNode result = contents.get(2);
        assertEquals("user", result.get("role").asText());
        assertEquals("get_weather", result.at("/parts/0/functionResponse/name").asText());
        assertEquals(JSON.readTree("{\"temp\":21,\"unit\":\"C\"}"), result.at("/parts/0/functionResponse/response"));
    }

    @Test
    void parallelFunctionCallsBecomeTwoToolCallsWithDistinctIds() throws Exception {
        answer(CHAT_PATH, 200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"" + SIGNATURE + "\"},"
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"London\"}}}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}]}");

        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash")
                .addUserMessage("Weather in Paris and London?")
                .addFunctionTool(weatherFunction())
                .build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
                .map(ChatCompletionMessageToolCall::asFunction).toList();
        assertEquals(2, calls.size());
        assertNotEquals(calls.get(0).id(), calls.get(1).id());
        assertEquals(List.of("get_weather", "get_weather"), calls.stream().map(call -> call.function().name()).toList());
        assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), JSON.readTree(calls.get(0).function().arguments()));
        assertEquals(JSON.readTree("{\"city\":\"London\"}"), JSON.readTree(calls.get(1).function().arguments()));
        assertTrue(choice.message().content().isEmpty(), "no text beside the calls");
    }

    // ---------------------------------------------------------------- embeddings

    @Test
    void embeddingsWithTheSdkDefaultComeBackAsBase64AndDecodeToTheUpstreamValues() throws Exception {
        answer("/v1beta/models/gemini-embedding-001:batchEmbedContents", 200,
                "{\"embeddings\":[{\"values\":[0.5,-0.25,0.125,3.0]}]}");

        CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embedding-001").input("hello").build());

        assertEquals(1, embeddings.data().size());
        Embedding embedding = embeddings.data().get(0);
        assertEquals(0, embedding.index());
        assertTrue(embedding.embeddingValue().isBase64(), "the SDK asked for base64 and got it");
        assertEquals(List.of(0.5f, -0.25f, 0.125f, 3.0f), embedding.embedding());
        assertEquals("gemini-embedding-001", embeddings.model());
        assertTrue(embeddings.usage().promptTokens() > 0);

        org.mockserver.model.HttpRequest sent = onlyUpstreamRequest();
        assertPoolKeyOnly(sent);
        JsonNode requests = JSON.readTree(sent.getBodyAsString()).get("requests");
        assertEquals(1, requests.size());
        assertEquals("models/gemini-embedding-001", requests.get(0).get("model").asText());
        assertEquals("hello", requests.get(0).at("/content/parts/0/text").asText());
        assertFalse(requests.get(0).has("outputDimensionality"));
    }

    @Test
    void embeddingsAsFloatsWithDimensionsSendOutputDimensionality() throws Exception {
        answer("/v1beta/models/gemini-embedding-001:batchEmbedContents", 200,
                "{\"embeddings\":[{\"values\":[0.5,0.25,-1.0]},{\"values\":[-0.5,0.75,2.0]}]}");

        CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embedding-001")
                .inputOfArrayOfStrings(List.of("first", "second"))
                .dimensions(3)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                .build());

        assertEquals(2, embeddings.data().size());
        assertTrue(embeddings.data().get(0).embeddingValue().isFloats());
        assertEquals(List.of(0.5f, 0.25f, -1.0f), embeddings.data().get(0).embedding());
        assertEquals(List.of(-0.5f, 0.75f, 2.0f), embeddings.data().get(1).embedding());
        assertEquals(List.of(0L, 1L), embeddings.data().stream().map(Embedding::index).toList());

        JsonNode requests = JSON.readTree(onlyUpstreamRequest().getBodyAsString()).get("requests");
        assertEquals(List.of("first", "second"), texts(requests));
        for (JsonNode one : requests) {
            assertEquals(3, one.get("outputDimensionality").asInt());
        }
    }

    @Test
    void oneHundredFiftyInputsGoUpstreamInTwoBatchesAndComeBackInOrder() throws Exception {
        // Each vector names its text, so the order of the answer can be checked end to end.
        upstream.when(request().withPath("/v1beta/models/gemini-embedding-001:batchEmbedContents"))
                .respond(received -> {
                    ArrayNode embeddings = JSON.createArrayNode();
                    for (JsonNode one : JSON.readTree(received.getBodyAsString()).get("requests")) {
                        int n = Integer.parseInt(one.at("/content/parts/0/text").asText().substring("text ".length()));
                        embeddings.addObject().putArray("values").add(n).add(n + 0.5);
                    }
                    ObjectNode body = JSON.createObjectNode();
                    body.set("embeddings", embeddings);
                    return json(200, body.toString());
                });
        List<String> inputs = IntStream.range(0, 150).mapToObj(i -> "text " + i).toList();

        CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embedding-001").inputOfArrayOfStrings(inputs).build());

        assertEquals(150, embeddings.data().size());
        for (int i = 0; i < 150; i++) {
            Embedding embedding = embeddings.data().get(i);
            assertEquals(i, embedding.index());
            assertEquals(List.of((float) i, i + 0.5f), embedding.embedding(), "embedding " + i);
        }
        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertEquals(2, sent.length);
        List<String> firstBatch = texts(JSON.readTree(sent[0].getBodyAsString()).get("requests"));
        List<String> secondBatch = texts(JSON.readTree(sent[1].getBodyAsString()).get("requests"));
        assertEquals(inputs.subList(0, 100), firstBatch);
        assertEquals(inputs.subList(100, 150), secondBatch);
    }

    // ---------------------------------------------------------------- models

    @Test
    void modelListHidesFilteredModelsAndAddsSearchVariants() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models"))
                .respond(json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"},{\"name\":\"models/gemini-hidden\"},"
                        + "{\"name\":\"models/gemini-2.5-pro\"}]}"));

        List<Model> models = client.models().list().data();

        assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-flash-search", "gemini-2.5-pro",
                "imagen-3.0-generate-002-chat"),
                models.stream().map(Model::id).toList());
        assertTrue(models.stream().allMatch(model -> model.ownedBy().equals("google")));
        assertPoolKeyOnly(onlyUpstreamRequest());
    }

    @Test
    void modelListFollowsEveryUpstreamPage() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models")
                        .withQueryStringParameter(Parameter.param("pageToken", "page-2")))
                .respond(json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-pro\"},"
                        + "{\"name\":\"models/gemini-embedding-001\"}]}"));
        upstream.when(request().withMethod("GET").withPath("/v1beta/models"))
                .respond(json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"},{\"name\":\"models/gemini-hidden\"}],"
                        + "\"nextPageToken\":\"page-2\"}"));

        List<Model> models = client.models().list().data();

        assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-flash-search", "gemini-2.5-pro", "gemini-embedding-001",
                "imagen-3.0-generate-002-chat"),
                models.stream().map(Model::id).toList());
        org.mockserver.model.HttpRequest[] sent = upstream.retrieveRecordedRequests(null);
        assertEquals(2, sent.length);
        assertTrue(sent[0].getFirstQueryStringParameter("pageToken").isEmpty(), "no page token on the first call");
        assertEquals("1000", sent[0].getFirstQueryStringParameter("pageSize"));
        assertEquals("page-2", sent[1].getFirstQueryStringParameter("pageToken"));
    }

    @Test
    void oneModelIsRetrievedAndAFilteredOneIsNotFound() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models/gemini-2.5-flash"))
                .respond(json(200, "{\"name\":\"models/gemini-2.5-flash\",\"displayName\":\"Gemini 2.5 Flash\"}"));

        Model search = client.models().retrieve("gemini-2.5-flash-search");
        NotFoundException hidden = assertThrows(NotFoundException.class, () -> client.models().retrieve("gemini-hidden"));

        assertEquals("gemini-2.5-flash-search", search.id());
        assertEquals(404, hidden.statusCode());
        upstream.verify(request().withPath("/v1beta/models/gemini-2.5-flash"), VerificationTimes.once());
        upstream.verify(request().withPath("/v1beta/models/gemini-hidden"), VerificationTimes.never());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void wrongTokenIsUnauthorizedWithoutUpstreamCall() {
        OpenAIClient stranger = sdk("not-the-token");
        try {
            UnauthorizedException refused = assertThrows(UnauthorizedException.class,
                    () -> stranger.chat().completions().create(hello("gemini-2.5-flash")));
            assertEquals(401, refused.statusCode());
            assertEquals("invalid_request_error", refused.type().orElseThrow());
        } finally {
            stranger.close();
        }
        upstream.verifyZeroInteractions();
    }

    @Test
    void upstreamInvalidArgumentIsABadRequestCarryingGooglesMessage() throws Exception {
        answer(CHAT_PATH, 400, fixture("400-invalid-argument.json"));

        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(hello("gemini-2.5-flash")));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.getMessage().contains("Unknown name"),
                refused.getMessage());
        assertEquals("invalid_request_error", refused.type().orElseThrow());
        JsonNode error = refused.body().convert(JsonNode.class); // the SDK keeps the object under "error"
        assertEquals("Invalid JSON payload received. Unknown name \"foo\": Cannot find field.", error.get("message").asText());
        upstream.verify(request().withPath(CHAT_PATH), VerificationTimes.once());
    }

    @Test
    void everyKeyRateLimitedIsARateLimitExceptionWithRetryAfter() throws Exception {
        answer(CHAT_PATH, 429, fixture("429-per-minute.json"));

        RateLimitException limited = assertThrows(RateLimitException.class,
                () -> client.chat().completions().create(hello("gemini-2.5-flash")));

        assertEquals(429, limited.statusCode());
        assertFalse(limited.headers().values("Retry-After").isEmpty());
        upstream.verify(request().withPath(CHAT_PATH), VerificationTimes.exactly(3)); // one call per key

        HttpResponse<String> raw = http.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + CLIENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(429, raw.statusCode());
        long retryAfter = Long.parseLong(raw.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 26, "Retry-After from Google's RetryInfo: " + retryAfter);
        JsonNode error = JSON.readTree(raw.body()).get("error");
        assertEquals("rate_limit_error", error.get("type").asText());
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertFalse(raw.body().contains(KEY_A) || raw.body().contains(KEY_B) || raw.body().contains(KEY_C));
        upstream.verify(request().withPath(CHAT_PATH), VerificationTimes.exactly(3)); // cooling keys: no new call
    }

    @Test
    void filteredModelIsABadRequestBeforeAnyUpstreamCall() {
        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(hello("gemini-hidden")));

        assertEquals(400, refused.statusCode());
        assertEquals("model", refused.param().orElseThrow());
        assertEquals("model_not_found", refused.code().orElseThrow());
        upstream.verifyZeroInteractions();
    }

    // ---------------------------------------------------------------- helpers

    private OpenAIClient sdk(String token) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(token)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(15))
                .build();
    }

    private static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build();
    }

    private static FunctionDefinition weatherFunction() {
        return FunctionDefinition.builder()
                .name("get_weather")
                .description("The current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    /** A three-event Gemini stream: "Hello, world!", STOP, usage with thoughts on the last event. */
    private void answerStream() {
        String stream = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":\"model\"},\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":5}}\r\n\r\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo, \"},{\"text\":\"wor\"}],\"role\":\"model\"},"
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7}}\r\n\r\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ld!\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":4,\"thoughtsTokenCount\":12,"
                + "\"totalTokenCount\":21}}\r\n\r\n";
        upstream.when(request().withMethod("POST").withPath(STREAM_PATH))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(stream));
    }

    private List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
        try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
            return response.stream().collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static String text(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
    }

    private static void assertRoleOnlyFirstAndOneFinish(List<ChatCompletionChunk> chunks) {
        assertTrue(chunks.get(0).choices().get(0).delta().role().isPresent(), "the first delta carries the role");
        for (ChatCompletionChunk chunk : chunks.subList(1, chunks.size())) {
            assertTrue(chunk.choices().stream().noneMatch(choice -> choice.delta().role().isPresent()),
                    "role only in the first chunk");
        }
        List<ChatCompletionChunk.Choice.FinishReason> finishes = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream()).toList();
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.STOP), finishes, "exactly one finish_reason");
    }





    private static List<String> texts(JsonNode requests) {
        List<String> texts = new ArrayList<>();
        requests.forEach(one -> texts.add(one.at("/content/parts/0/text").asText()));
        return texts;
    }

    private static String fixture(String name) throws Exception {
        try (var in = OpenAiSdkIT.class.getResourceAsStream("/upstream-errors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
