package io.github.geminibalance.gateway.gemini;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.CountTokensResponse;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.File;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import com.google.genai.types.UploadFileConfig;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockserver.model.Header;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.NottableString;
import org.mockserver.model.Parameter;

/**
 * Google's own Java SDK ({@code com.google.genai:google-genai}) driving the gateway, with
 * MockServer answering in Gemini's wire format. The SDK's retries are off, so every upstream
 * call seen here comes from the gateway itself.
 */
@Timeout(60)
class GoogleGenAiSdkIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> POOL = Set.of(KEY_A, KEY_B, KEY_C);
    private static final String MODEL = "gemini-2.5-flash";
    private static final String OK_ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello from upstream\"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":3,\"totalTokenCount\":5},"
            + "\"modelVersion\":\"gemini-2.5-flash\"}";
    /** Three events as Google sends them: CRLF line ends, a blank line after each, usage on the last. */
    private static final String STREAM = event("{\"text\":\"Hel\"}]},\"index\":0}]}")
            + event("{\"text\":\"lo\"}]},\"index\":0}]}")
            + event("{\"text\":\" world\"}]},\"finishReason\":\"STOP\",\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":3,\"totalTokenCount\":5}}");

    private final List<Client> clients = new ArrayList<>();

    private static String event(String partAndRest) {
        return "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + partAndRest + "\r\n\r\n";
    }



    @Override
    protected Map<String, String> settings() {
        return Map.of("SEARCH_MODELS", "[\"gemini-2.5-flash\"]");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Client::close);
    }

    @Test
    void generateContentOnV1beta() throws Exception {
        answerGenerateContent();

        GenerateContentResponse answer = sdk("", "v1beta").models.generateContent(MODEL, "hi", null);

        assertEquals("Hello from upstream", answer.text());
        assertEquals(5, answer.usageMetadata().orElseThrow().totalTokenCount().orElseThrow());
        HttpRequest sent = onlyPoolKeysWentUpstream(1)[0];
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", sent.getPath().getValue());
        assertEquals("hi", JSON.readTree(sent.getBodyAsString()).at("/contents/0/parts/0/text").asText());
    }

    @Test
    void generateContentOnTheSdkDefaultVersionV1GoesUpstreamOnTheBaseUrlVersion() throws Exception {
        answerGenerateContent();

        GenerateContentResponse answer = sdk("", null).models.generateContent(MODEL, "hi", null);

        assertEquals("Hello from upstream", answer.text());
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", onlyPoolKeysWentUpstream(1)[0].getPath().getValue());
    }

    @Test
    void streamOnV1betaDeliversEveryChunk() throws Exception {
        answerStream();
        assertStreams(sdk("", "v1beta"));
    }

    @Test
    void streamOnTheSdkDefaultVersionV1DeliversEveryChunk() throws Exception {
        answerStream();
        assertStreams(sdk("", null));
    }

    @Test
    void geminiPrefixInTheBaseUrlIsServed() throws Exception {
        answerGenerateContent();
        answerStream();

        Client client = sdk("/gemini", "v1beta");
        assertEquals("Hello from upstream", client.models.generateContent(MODEL, "hi", null).text());
        assertEquals("Hello from upstream", sdk("/gemini/", null).models.generateContent(MODEL, "hi", null).text());
        assertEquals("Hello world", streamedText(client));

        HttpRequest[] sent = onlyPoolKeysWentUpstream(3);
        for (HttpRequest request : sent) {
            assertTrue(request.getPath().getValue().startsWith("/v1beta/models/gemini-2.5-flash:"),
                    "the prefix is the gateway's, not the upstream's: " + request.getPath());
        }
    }

    @Test
    void countTokens() throws Exception {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:countTokens"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalTokens\":5}"));

        CountTokensResponse counted = sdk("", "v1beta").models.countTokens(MODEL, "hello", null);

        assertEquals(5, counted.totalTokens().orElseThrow());
        HttpRequest sent = onlyPoolKeysWentUpstream(1)[0];
        assertEquals("hello", JSON.readTree(sent.getBodyAsString()).at("/contents/0/parts/0/text").asText());
    }

    @Test
    void embedContentGoesAsBatchEmbedContents() throws Exception {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-embedding-001:batchEmbedContents"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"embeddings\":[{\"values\":[0.1,0.2]}]}"));

        EmbedContentResponse embedded = sdk("", null).models.embedContent("gemini-embedding-001", "hello", null);

        List<Float> values = embedded.embeddings().orElseThrow().get(0).values().orElseThrow();
        assertEquals(List.of(0.1f, 0.2f), values);
        HttpRequest sent = onlyPoolKeysWentUpstream(1)[0];
        JsonNode body = JSON.readTree(sent.getBodyAsString());
        assertEquals("hello", body.at("/requests/0/content/parts/0/text").asText());
        assertEquals("models/gemini-embedding-001", body.at("/requests/0/model").asText());
    }

    @Test
    void modelsListAndGet() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/models"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"models\":[{\"name\":\"models/gemini-2.5-flash\",\"displayName\":\"Gemini 2.5 Flash\"},"
                                + "{\"name\":\"models/gemini-2.5-pro\",\"displayName\":\"Gemini 2.5 Pro\"}]}"));
        upstream.when(request().withMethod("GET").withPath("/v1beta/models/gemini-2.5-flash"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"name\":\"models/gemini-2.5-flash\",\"displayName\":\"Gemini 2.5 Flash\",\"inputTokenLimit\":1048576}"));

        List<String> onV1beta = names(sdk("", "v1beta"));
        List<String> onV1 = names(sdk("", null));
        Model model = sdk("", null).models.get(MODEL, null);

        assertEquals(List.of("models/gemini-2.5-flash", "models/gemini-2.5-flash-search", "models/gemini-2.5-pro"),
                onV1beta, "Google's list plus the configured -search variant, parsed by the SDK");
        assertEquals(onV1beta, onV1);
        assertEquals("Gemini 2.5 Flash", model.displayName().orElseThrow());
        assertEquals(1048576, model.inputTokenLimit().orElseThrow());
        HttpRequest[] sent = onlyPoolKeysWentUpstream(3);
        assertEquals("10", sent[0].getFirstQueryStringParameter("pageSize"));
        assertEquals("10", sent[1].getFirstQueryStringParameter("pageSize"));
    }

    @Test
    void everyKeyRateLimitedSurfacesAsA429ClientException() throws Exception {
        upstream.when(request().withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(429).withHeader("Content-Type", "application/json")
                        .withBody(fixture("429-per-minute.json")));

        Client client = sdk("", "v1beta");
        ClientException thrown = assertThrows(ClientException.class,
                () -> client.models.generateContent(MODEL, "hi", null));

        assertEquals(429, thrown.code());
        assertEquals("RESOURCE_EXHAUSTED", thrown.status());
        for (String key : POOL) {
            assertFalse(thrown.getMessage().contains(key), "no pool key in what the client sees");
        }
        HttpRequest[] sent = onlyPoolKeysWentUpstream(3);
        Set<String> tried = new HashSet<>();
        for (HttpRequest request : sent) {
            tried.add(request.getFirstHeader("x-goog-api-key"));
        }
        assertEquals(POOL, tried, "the gateway tried each key once before giving up");
    }

    /**
     * The SDK's own resumable upload. Unlike {@code @google/genai}, which
     * follows {@code x-goog-upload-url} verbatim, this SDK (2.1.0, ApiClient) keeps only the
     * URL's path and query and puts them under its own base URL, base path included.
     */
    @Test
    void sdkFileUpload() throws Exception {
        assertSdkUploads(sdk("", "v1beta"));
    }

    /**
     * With a base URL of {@code http://host/gemini} the gateway hands out
     * {@code http://host/gemini/upload/v1beta/files?upload_id=...}; this SDK puts that path under
     * its base path and sends the chunk to {@code /gemini/gemini/upload/v1beta/files}, which the
     * gateway accepts for this reason.
     */
    @Test
    void sdkFileUploadUnderTheGeminiPrefix() throws Exception {
        assertSdkUploads(sdk("/gemini", "v1beta"));
    }

    private void assertSdkUploads(Client client) throws Exception {
        String upstreamUploadUrl = "http://127.0.0.1:" + upstream.getPort()
                + "/upload/v1beta/files?upload_id=SDK-1&upload_protocol=resumable";
        upstream.when(request().withMethod("POST").withPath("/upload/v1beta/files")
                        .withHeader("x-goog-upload-command", "start"))
                .respond(response().withStatusCode(200).withHeader("x-goog-upload-url", upstreamUploadUrl)
                        .withHeader("x-goog-upload-status", "active"));
        upstream.when(request().withMethod("POST").withPath("/upload/v1beta/files")
                        .withQueryStringParameter("upload_id", "SDK-1"))
                .respond(response().withStatusCode(200).withHeader("x-goog-upload-status", "final")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"file\":{\"name\":\"files/sdk1\",\"mimeType\":\"text/plain\",\"state\":\"ACTIVE\"}}"));

        byte[] content = "hello sdk\n".getBytes(StandardCharsets.UTF_8);
        File file = client.files.upload(content,
                UploadFileConfig.builder().mimeType("text/plain").displayName("hello.txt").build());

        assertEquals("files/sdk1", file.name().orElseThrow());
        HttpRequest[] sent = onlyPoolKeysWentUpstream(2);
        assertEquals("start", sent[0].getFirstHeader("x-goog-upload-command"));
        assertEquals("hello.txt", JSON.readTree(sent[0].getBodyAsString()).at("/file/displayName").asText());
        assertEquals(sent[0].getFirstHeader("x-goog-api-key"), sent[1].getFirstHeader("x-goog-api-key"),
                "the chunk goes with the key that started the upload");
        assertEquals("SDK-1", sent[1].getFirstQueryStringParameter("upload_id"));
        assertEquals("upload, finalize", sent[1].getFirstHeader("x-goog-upload-command"));
        assertTrue(java.util.Arrays.equals(content, sent[1].getBodyAsRawBytes()));
    }

    private void assertStreams(Client client) throws Exception {
        List<GenerateContentResponse> chunks = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "hi", null)) {
            stream.forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.text()));
        assertEquals("Hello world", text.toString());
        assertEquals(3, chunks.size());
        GenerateContentResponse last = chunks.get(2);
        assertEquals("STOP", last.finishReason().toString());
        assertEquals(5, last.usageMetadata().orElseThrow().totalTokenCount().orElseThrow());

        HttpRequest sent = onlyPoolKeysWentUpstream(1)[0];
        assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent", sent.getPath().getValue());
        assertEquals("sse", sent.getFirstQueryStringParameter("alt"));
    }

    private String streamedText(Client client) {
        StringBuilder text = new StringBuilder();
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "hi", null)) {
            stream.forEach(chunk -> text.append(chunk.text()));
        }
        return text.toString();
    }

    private static List<String> names(Client client) {
        List<String> names = new ArrayList<>();
        client.models.list(ListModelsConfig.builder().pageSize(10).build())
                .forEach(model -> names.add(model.name().orElseThrow()));
        return names;
    }

    private void answerGenerateContent() {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));
    }

    private void answerStream() {
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:streamGenerateContent")
                        .withQueryStringParameter("alt", "sse"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "text/event-stream").withBody(STREAM));
    }

    /**
     * Every upstream call carried one of the pool's keys in {@code x-goog-api-key}, and the
     * client's token went nowhere: not in a header, the query, the path or the body.
     */
    private static HttpRequest[] onlyPoolKeysWentUpstream(int expectedCalls) {
        HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(expectedCalls, received.length, "upstream calls");
        for (HttpRequest request : received) {
            assertTrue(POOL.contains(request.getFirstHeader("x-goog-api-key")), "a pool key in x-goog-api-key");
            assertFalse(request.containsHeader("Authorization"));
            for (Header header : request.getHeaderList()) {
                for (NottableString value : header.getValues()) {
                    assertFalse(value.getValue().contains(CLIENT_TOKEN), "client token in header " + header.getName());
                }
            }
            for (Parameter parameter : request.getQueryStringParameterList()) {
                assertFalse(parameter.getName().getValue().equals("key"), "no key parameter upstream");
                for (NottableString value : parameter.getValues()) {
                    assertFalse(value.getValue().contains(CLIENT_TOKEN), "client token in the query");
                }
            }
            assertFalse(request.getPath().getValue().contains(CLIENT_TOKEN));
            String body = request.getBodyAsString();
            assertFalse(body != null && body.contains(CLIENT_TOKEN), "client token in the body");
        }
        return received;
    }

    /**
     * A client of Google's SDK pointed at the gateway, its own retries off. {@code initialDelay(0)}
     * too: the SDK's RetryInterceptor (2.1.0) sleeps one back-off (about 1 s, up to 2 s) even after
     * its last attempt, before handing a 429 or 5xx to the caller.
     */
    private Client sdk(String pathPrefix, String apiVersion) {
        HttpOptions.Builder options = HttpOptions.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + pathPrefix)
                .timeout(10_000)
                .retryOptions(HttpRetryOptions.builder().attempts(1).initialDelay(0.0).build());
        if (apiVersion != null) {
            options.apiVersion(apiVersion);
        }
        Client client = Client.builder().vertexAI(false).apiKey(CLIENT_TOKEN).httpOptions(options.build()).build();
        clients.add(client);
        return client;
    }

    private static String fixture(String name) throws Exception {
        try (var in = GoogleGenAiSdkIT.class.getResourceAsStream("/upstream-errors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
