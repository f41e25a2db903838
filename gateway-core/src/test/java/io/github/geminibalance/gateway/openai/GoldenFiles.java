package io.github.geminibalance.gateway.openai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelFeature;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Golden files of the response translation, and what the tests of both translators share.
 *
 * <p>Tool-call ids are random, so before comparing, each one is checked against the
 * {@link ToolCallIds} format and replaced by {@code call_*} — or {@code call_*ts:<signature>}
 * when it carries a thought signature, which is read back with {@link ToolCallIds#signatureOf}.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files from the actual output
 * (then review the diff).
 */
final class GoldenFiles {

    static final ObjectMapper JSON = Json.newMapper();
    static final String ID = "chatcmpl-test";
    static final long CREATED = 1_795_692_471L;

    private static final Pattern TOOL_CALL_ID = Pattern.compile("call_[A-Za-z0-9]{16}(_ts_[A-Za-z0-9_-]+)?");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private GoldenFiles() {}

    static GatewayConfig config(Map<String, String> overrides) {
        return TestGateways.config("http://127.0.0.1:9", overrides);
    }

    static ChatTranslation request(String requested, ModelFeature feature, boolean stream, boolean includeUsage) {
        String upstream = requested.endsWith(feature.suffix())
                ? requested.substring(0, requested.length() - feature.suffix().length())
                : requested;
        return new ChatTranslation(requested, new ResolvedModel(requested, upstream, feature),
                JSON.createObjectNode(), stream, includeUsage, List.of());
    }

    static String resource(String path) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/openai/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource openai/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces every tool-call id under {@code node} by its normal form, asserting the format and
     * that no id occurs twice in {@code seen}.
     */
    static JsonNode normaliseToolCallIds(JsonNode node, Set<String> seen) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("tool_calls")) {
                for (JsonNode call : object.get("tool_calls")) {
                    if (call.has("id")) {
                        String id = call.get("id").asText();
                        assertTrue(TOOL_CALL_ID.matcher(id).matches(), "tool call id format: " + id);
                        assertTrue(seen.add(id), "tool call id used twice: " + id);
                        ((ObjectNode) call).put("id", "call_*"
                                + ToolCallIds.signatureOf(id).map(signature -> "ts:" + signature).orElse(""));
                    }
                }
            }
            object.forEach(child -> normaliseToolCallIds(child, seen));
        } else if (node.isArray()) {
            node.forEach(child -> normaliseToolCallIds(child, seen));
        }
        return node;
    }

    static Set<String> newIdSet() {
        return new HashSet<>();
    }

    /** The expected text at {@code path}; when updating the golden files, {@code actual} is written there first. */
    static String expected(String path, String actual) {
        if (UPDATE) {
            try {
                Path file = Path.of("src/test/resources/openai", path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return actual;
        }
        return resource(path);
    }

    static void assertJsonEquals(JsonNode expected, JsonNode actual, String what) {
        // Numbers compare by value: the parser reads 8 as an int, the translator may write a long.
        Comparator<JsonNode> byValue = (a, b) -> a.equals(b)
                || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;
        assertTrue(expected.equals(byValue, actual), () -> what + "\nexpected: " + expected + "\nactual:   " + actual);
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
