package io.github.geminibalance.gateway.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import io.github.geminibalance.gateway.gemini.NativeRequestRewriter;
import io.github.geminibalance.gateway.gemini.ToolAssembler;
import io.github.geminibalance.gateway.openai.ChatTranslation.MediaFetch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files under {@code openai/requests}: each {@code <case>.openai.json} must translate to
 * {@code <case>.gemini.json} (compared as JSON trees), with the settings of an optional
 * {@code <case>.config.json} on top of {@link #SETTINGS}. Errors and pending media are checked
 * below.
 */
class ChatRequestTranslatorTest {

    private static final String GOLDEN = "/openai/requests/";
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Map<String, String> SETTINGS = Map.of(
            "SEARCH_MODELS", "[\"gemini-2.5-flash\",\"gemini-2.5-pro\"]",
            "IMAGE_MODELS", "[\"gemini-2.0-flash-exp\"]",
            "THINKING_MODELS", "[\"gemini-2.5-flash\",\"gemini-2.5-pro\"]");

    private final ChatRequestTranslator translator = new ChatRequestTranslator(config(Map.of()));

    static Stream<String> goldenCases() throws IOException, URISyntaxException {
        Path directory = Path.of(ChatRequestTranslatorTest.class.getResource(GOLDEN).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".openai.json"))
                    .map(name -> name.substring(0, name.length() - ".openai.json".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void translatesAsTheGoldenFileSays(String name) throws IOException {
        JsonNode settings = resource(name + ".config.json");
        Map<String, String> overrides = settings == null ? Map.of() : JSON.convertValue(settings, new TypeReference<>() {});
        GatewayConfig config = config(overrides);
        ChatTranslation translation = new ChatRequestTranslator(config).translate(resource(name + ".openai.json"));
        // What the gateway does to every adapter's call next: the suffix's features, tools, defaults.
        new NativeRequestRewriter(config.features(), ToolAssembler.builtIn(config.features()))
                .rewrite(translation.geminiRequest(), translation.model());
        assertEquals(resource(name + ".gemini.json"), translation.geminiRequest());
    }

    @Test
    void anHttpImageIsLeftAsAnEmptyPartForTheFetcher() throws IOException {
        ChatTranslation translation = translator.translate(resource("openai-node-full-featured.openai.json"));

        assertEquals(1, translation.pendingMedia().size());
        MediaFetch media = translation.pendingMedia().get(0);
        assertEquals(URI.create("https://example.com/cat.jpg"), media.url());
        JsonNode part = translation.geminiRequest().at("/contents/0/parts/2");
        assertSame(part, media.part(), "the fetcher fills the part in place");
        assertTrue(part.isEmpty());

        media.part().putObject("inlineData").put("mimeType", "image/jpeg").put("data", "AAAA");
        assertEquals("image/jpeg", translation.geminiRequest().at("/contents/0/parts/2/inlineData/mimeType").asText());
    }

    @Test
    void aFilesApiUriBelowTheUpstreamBaseIsPassedOnNotFetched() {
        ChatRequestTranslator relayed = new ChatRequestTranslator(config(Map.of("BASE_URL", "https://relay.example/gemini/v1beta")));
        ChatTranslation translation = relayed.translate(json("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://relay.example/gemini/v1beta/files/abc"}},
                  {"type":"image_url","image_url":{"url":"https://relay.example/elsewhere/files/abc"}}]}]}"""));

        assertEquals(json("{\"fileData\":{\"fileUri\":\"https://relay.example/gemini/v1beta/files/abc\"}}"),
                translation.geminiRequest().at("/contents/0/parts/0"));
        assertEquals(List.of(URI.create("https://relay.example/elsewhere/files/abc")),
                translation.pendingMedia().stream().map(MediaFetch::url).toList());
    }

    @Test
    void aSignatureCarriedByAToolCallIdReachesItsFunctionCall() {
        String id = ToolCallIds.newId("sig-abc");
        ChatTranslation translation = translator.translate(json("""
                {"model":"gemini-2.5-flash","messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","tool_calls":[{"id":"%s","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"%s","content":"ok"}]}""".formatted(id, id)));

        assertEquals("sig-abc", translation.geminiRequest().at("/contents/1/parts/0/thoughtSignature").asText());
        assertEquals("f", translation.geminiRequest().at("/contents/2/parts/0/functionResponse/name").asText());
    }

    @Test
    void onlyGemini3GetsTheSentinelForAnUnsignedCall() {
        String body = """
                {"model":"%s","messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","tool_calls":[{"id":"call_x","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_x","content":"ok"}]}""";

        JsonNode gemini3 = translator.translate(json(body.formatted("gemini-3-pro-preview"))).geminiRequest();
        JsonNode gemini25 = translator.translate(json(body.formatted("gemini-2.5-pro"))).geminiRequest();

        assertEquals(MessageTranslator.SKIP_SIGNATURE, gemini3.at("/contents/1/parts/0/thoughtSignature").asText());
        assertTrue(gemini25.at("/contents/1/parts/0/thoughtSignature").isMissingNode());
    }

    @Test
    void streamingIsDecidedByTheStreamFieldAlone() {
        ChatTranslation streamed = translator.translate(json("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],
                 "stream":true,"stream_options":{"include_usage":true}}"""));
        ChatTranslation plain = translator.translate(json("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],
                 "stream_options":{"include_usage":true}}"""));

        assertTrue(streamed.stream());
        assertTrue(streamed.includeUsage());
        assertFalse(plain.stream());
        assertFalse(plain.includeUsage(), "a usage chunk only exists in a stream");
    }

    @Test
    void theModelIsResolvedAndEchoedAsSent() {
        ChatTranslation translation = translator.translate(json("""
                {"model":"models/gemini-2.5-pro-search","messages":[{"role":"user","content":"hi"}]}"""));

        assertEquals("models/gemini-2.5-pro-search", translation.requestedModel());
        assertEquals("gemini-2.5-pro", translation.model().upstream());
        assertEquals(ModelFeature.SEARCH, translation.model().feature());
    }

    @Test
    void theClientsBodyIsNotChanged() throws IOException {
        JsonNode body = resource("tool-declarations.openai.json");
        JsonNode copy = body.deepCopy();
        translator.translate(body);
        assertEquals(copy, body);
    }

    static Stream<Arguments> badRequests() {
        String user = "[{\"role\":\"user\",\"content\":\"hi\"}]";
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        return Stream.of(
                Arguments.of("{\"messages\":" + user + "}", "model"),
                Arguments.of("{\"model\":42,\"messages\":" + user + "}", "model"),
                Arguments.of("{\"model\":\"../secrets\",\"messages\":" + user + "}", "model"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\"}", "messages"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[]}", "messages"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":\"hi\"}", "messages"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[\"hi\"]}", "messages[0]"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"}]}",
                        "messages"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
                        "messages[0].role"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"content\":\"x\"}]}", "messages[0].role"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":42}]}",
                        "messages[0].content"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"system\",\"content\":"
                        + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA\"}}]}]}",
                        "messages[0].content[0].type"),
                Arguments.of(userParts("{\"type\":\"input_video\",\"input_video\":{}}"), "messages[0].content[0].type"),
                Arguments.of(userParts("{\"text\":\"no type\"}"), "messages[0].content[0].type"),
                Arguments.of(userParts("{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}"),
                        "messages[0].content[0].image_url.url"),
                Arguments.of(userParts("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,raw\"}}"),
                        "messages[0].content[0].image_url.url"),
                Arguments.of(userParts("{\"type\":\"image_url\",\"image_url\":{}}"), "messages[0].content[0].image_url.url"),
                Arguments.of(userParts("{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\"}}"),
                        "messages[0].content[0].input_audio.format"),
                Arguments.of(userParts("{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\",\"format\":\"wav;x\"}}"),
                        "messages[0].content[0].input_audio.format"),
                Arguments.of(userParts("{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\"}}"),
                        "messages[0].content[0].file.file_data"),
                Arguments.of(userParts("{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc123\"}}"),
                        "messages[0].content[0].file.file_id"),
                Arguments.of(assistantCall("{\\\"city\\\":"), "messages[1].tool_calls[0].function.arguments"),
                Arguments.of(assistantCall("[1,2]"), "messages[1].tool_calls[0].function.arguments"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"custom\",\"custom\":{}}]}]}",
                        "messages[1].tool_calls[0].type"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"call_unknown\",\"content\":\"x\"}]}",
                        "messages[1].tool_call_id"),
                Arguments.of("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"function\",\"content\":\"x\"}]}", "messages[1].name"),
                Arguments.of(withUser(user, "\"temperature\":\"hot\""), "temperature"),
                Arguments.of(withUser(user, "\"top_p\":[0.5]"), "top_p"),
                Arguments.of(withUser(user, "\"top_k\":1.5"), "top_k"),
                Arguments.of(withUser(user, "\"max_tokens\":0"), "max_tokens"),
                Arguments.of(withUser(user, "\"max_completion_tokens\":\"100\""), "max_completion_tokens"),
                Arguments.of(withUser(user, "\"n\":0"), "n"),
                Arguments.of(withUser(user, "\"seed\":\"42\""), "seed"),
                Arguments.of(withUser(user, "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]"), "stop"),
                Arguments.of(withUser(user, "\"stop\":[1]"), "stop[0]"),
                Arguments.of(withUser(user, "\"stop\":{}"), "stop"),
                Arguments.of(withUser(user, "\"response_format\":{\"type\":\"xml\"}"), "response_format.type"),
                Arguments.of(withUser(user, "\"response_format\":{\"type\":\"json_schema\"}"), "response_format.json_schema"),
                Arguments.of(withUser(user, "\"response_format\":\"json\""), "response_format"),
                Arguments.of(withUser(user, "\"reasoning_effort\":\"extreme\""), "reasoning_effort"),
                Arguments.of(withUser(user, "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"g\"}}]"), "tools[0].type"),
                Arguments.of(withUser(user, "\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"x\"}}]"),
                        "tools[0].function.name"),
                Arguments.of(withUser(user, "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]"),
                        "tools[0].function.parameters"),
                Arguments.of(withUser(user, "\"tools\":{}"), "tools"),
                Arguments.of(withUser(user, "\"tool_choice\":\"sometimes\",\"tools\":" + tools), "tool_choice"),
                Arguments.of(withUser(user, "\"tool_choice\":\"required\""), "tool_choice"),
                Arguments.of(withUser(user, "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}},\"tools\":" + tools),
                        "tool_choice.function.name"),
                Arguments.of(withUser(user, "\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":"
                        + "{\"mode\":\"maybe\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}},\"tools\":" + tools),
                        "tool_choice.allowed_tools.mode"),
                Arguments.of(withUser(user, "\"tool_choice\":{\"type\":\"custom\",\"custom\":{\"name\":\"f\"}},\"tools\":" + tools),
                        "tool_choice.type"),
                Arguments.of(withUser(user, "\"function_call\":{\"name\":\"g\"},\"functions\":[{\"name\":\"f\"}]"),
                        "function_call.name"),
                Arguments.of(withUser(user, "\"stream\":\"true\""), "stream"),
                Arguments.of(withUser(user, "\"stream_options\":{\"include_usage\":1}"), "stream_options.include_usage"),
                Arguments.of(withUser(user, "\"extra_body\":{\"google\":{\"thinking_config\":\"high\"}}"),
                        "extra_body.google.thinking_config"),
                Arguments.of(withUser(user, "\"google\":{\"cached_content\":7}"), "google.cached_content"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badRequests")
    void aClientMistakeIsA400NamingTheField(String body, String param) {
        OpenAiRequestException error = assertThrows(OpenAiRequestException.class, () -> translator.translate(json(body)));
        assertEquals(400, error.status());
        assertEquals(param, error.param(), error.getMessage());
    }

    @Test
    void aFilteredModelIsA400ModelNotFound() {
        OpenAiRequestException error = assertThrows(OpenAiRequestException.class, () -> translator.translate(json("""
                {"model":"gemini-pro-vision","messages":[{"role":"user","content":"hi"}]}""")));
        assertEquals(400, error.status());
        assertEquals("model", error.param());
        assertEquals("model_not_found", error.code());
        assertEquals("Model gemini-pro-vision is not supported", error.getMessage());
    }

    @Test
    void aBodyThatIsNoObjectIsA400() {
        OpenAiRequestException error = assertThrows(OpenAiRequestException.class, () -> translator.translate(json("[]")));
        assertEquals(400, error.status());
        assertNull(error.param());
    }

    private static String userParts(String part) {
        return "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":[" + part + "]}]}";
    }

    private static String assistantCall(String arguments) {
        return "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"" + arguments + "\"}}]}]}";
    }

    private static String withUser(String messages, String fields) {
        return "{\"model\":\"gemini-2.5-flash\",\"messages\":" + messages + "," + fields + "}";
    }

    private static GatewayConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.putAll(overrides);
        String baseUrl = settings.getOrDefault("BASE_URL", "https://generativelanguage.googleapis.com/v1beta");
        return TestGateways.config(baseUrl, settings);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The parsed resource, or {@code null} when there is none. */
    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = ChatRequestTranslatorTest.class.getResourceAsStream(GOLDEN + name)) {
            return in == null ? null : JSON.readTree(in);
        }
    }
}
