package io.github.geminibalance.gateway.hostile;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.NativeRequestRewriter;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import io.github.geminibalance.gateway.gemini.ToolAssembler;
import io.github.geminibalance.gateway.openai.ChatRequestTranslator;
import io.github.geminibalance.gateway.openai.ImageGenerationRequest;
import io.github.geminibalance.gateway.openai.OpenAiRequestException;
import io.github.geminibalance.gateway.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of real requests fed to the request parsers: each either accepts a body
 * or refuses it with its own exception, which the routes turn into a 400. Any other exception would
 * be a 500 with a bug behind it. The seed is fixed, so a failure reproduces; it is printed with
 * the body that caused it.
 */
class RequestParsersFuzzTest {

    private static final long SEED = 20261126L;
    private static final int CASES_PER_SEED_BODY = 400;
    private static final ObjectMapper JSON = Json.newMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GatewayConfig config = TestGateways.config("http://127.0.0.1:1/v1beta", Map.of(
            "SEARCH_MODELS", "[\"gemini-2.5-flash\"]", "IMAGE_MODELS", "[\"gemini-2.0-flash-exp\"]",
            "THINKING_MODELS", "[\"gemini-2.5-flash\"]", "TOOLS_CODE_EXECUTION_ENABLED", "true",
            "URL_CONTEXT_ENABLED", "true"));
    private final ChatRequestTranslator chat = new ChatRequestTranslator(config);
    private final NativeRequestRewriter rewriter =
            new NativeRequestRewriter(config.features(), ToolAssembler.builtIn(config.features()));

    @Test
    void chatTranslationAcceptsOrRefusesEveryMutatedRequest() throws Exception {
        for (JsonNode seed : goldenBodies(".openai.json")) {
            Random random = new Random(SEED ^ seed.toString().hashCode());
            for (int i = 0; i < CASES_PER_SEED_BODY; i++) {
                JsonNode body = mutate(seed.deepCopy(), random);
                try {
                    JSON.writeValueAsBytes(chat.translate(body).geminiRequest());
                } catch (OpenAiRequestException refused) {
                    assertTrue(refused.status() >= 400 && refused.status() < 500, refused.getMessage());
                } catch (RuntimeException | StackOverflowError bug) {
                    fail("translating " + body + " threw " + bug, bug);
                }
            }
        }
    }

    @Test
    void imageGenerationAcceptsOrRefusesEveryMutatedRequest() {
        JsonNode seed = JSON.createObjectNode().put("prompt", "a cat {n:2} {ratio:16:9}").put("n", 1)
                .put("size", "1024x1024").put("response_format", "b64_json").put("model", "imagen-3.0-generate-002");
        Random random = new Random(SEED);
        for (int i = 0; i < CASES_PER_SEED_BODY * 5; i++) {
            JsonNode body = mutate(seed.deepCopy(), random);
            try {
                ImageGenerationRequest.parse(body, "imagen-3.0-generate-002");
            } catch (OpenAiRequestException refused) {
                assertTrue(refused.status() >= 400 && refused.status() < 500, refused.getMessage());
            } catch (RuntimeException bug) {
                fail("parsing " + body + " threw " + bug, bug);
            }
        }
    }

    @Test
    void theNativeRewriterNeverFailsOnAMutatedBody() throws Exception {
        ResolvedModel[] models = {
                ResolvedModel.resolve("gemini-2.5-flash", config.models()),
                ResolvedModel.resolve("gemini-2.5-flash-search", config.models()),
                ResolvedModel.resolve("gemini-2.5-flash-non-thinking", config.models()),
                ResolvedModel.resolve("gemini-2.0-flash-exp-image", config.models())};
        for (JsonNode seed : goldenBodies(".gemini.json")) {
            Random random = new Random(SEED ^ seed.toString().hashCode());
            for (int i = 0; i < CASES_PER_SEED_BODY / 4; i++) {
                JsonNode body = mutate(seed.deepCopy(), random);
                if (body instanceof ObjectNode object) {
                    ResolvedModel model = models[random.nextInt(models.length)];
                    assertDoesNotThrow(() -> rewriter.rewrite(object, model), () -> "rewriting " + body);
                }
            }
        }
    }

    @Test
    void theSseParserOnlyEverRefusesAnOversizedEvent() {
        Random random = new Random(SEED);
        byte[] alphabet = "data: {}\r\n:event: x\n\r\u00e9ab ".getBytes(StandardCharsets.UTF_8);
        for (int stream = 0; stream < 2_000; stream++) {
            List<String> events = new ArrayList<>();
            SseParser parser = new SseParser(event -> events.add(event.data()), 4096);
            try {
                for (int chunk = random.nextInt(20); chunk >= 0; chunk--) {
                    byte[] bytes = new byte[random.nextInt(600)];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                    }
                    parser.feed(ByteBuffer.wrap(bytes));
                }
                parser.finish();
            } catch (SseParser.SseException tooBig) {
                assertTrue(tooBig.getMessage().contains("larger than"), tooBig.getMessage());
            }
        }
    }

    /** One to three random changes anywhere in the tree: a value of another type, a field gone, an odd value. */
    private static JsonNode mutate(JsonNode body, Random random) {
        JsonNode root = body;
        for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(root, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(4) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, randomValue(random));
                }
            } else if (target instanceof ArrayNode array && !array.isEmpty()) {
                array.set(random.nextInt(array.size()), randomValue(random));
            } else if (target == root && random.nextInt(8) == 0) {
                root = randomValue(random);
            }
        }
        return root;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, into));
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(1e308 * 10); // Infinity once parsed
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("x".repeat(random.nextInt(5000)));
            case 7 -> NODES.textNode("data:image/png;base64,%%%");
            case 8 -> NODES.textNode("files/abc\r\n..//{}");
            case 9 -> NODES.arrayNode().add(NODES.objectNode()).add(NODES.nullNode());
            case 10 -> NODES.objectNode().set("type", NODES.textNode("image_url"));
            default -> NODES.objectNode();
        };
    }

    private static List<JsonNode> goldenBodies(String suffix) throws IOException, URISyntaxException {
        Path directory = Path.of(RequestParsersFuzzTest.class.getResource("/openai/requests/").toURI());
        List<JsonNode> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.toString().endsWith(suffix)).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    bodies.add(JSON.readTree(in));
                }
            }
        }
        return bodies;
    }
}
