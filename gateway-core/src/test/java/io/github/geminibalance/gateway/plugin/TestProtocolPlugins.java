package io.github.geminibalance.gateway.plugin;

import java.nio.file.Path;

/**
 * Plugins with protocol adapters, all speaking the tiny "echo" protocol: a request
 * {@code {"model", "text", "stream"}} becomes one user turn with that text (and a system
 * instruction listing the request headers the adapter saw, so tests can tell which reached it); a
 * whole answer is {@code {"reply": <its text>}}; a streamed one is {@code event: delta} /
 * {@code data: {"text": ...}} per chunk and a final {@code event: done}, or {@code event: error}
 * when it broke off; errors are {@code {"echo_error": {"status", "message"}}}. A request without
 * {@code text} is refused with {@code ProtocolException(422, "text is required")}, and a streamed
 * chunk whose text is {@code BOOM} makes the converter throw.
 */
public final class TestProtocolPlugins {

    private TestProtocolPlugins() {}

    /** {@code echo-protocol}: the adapter {@code echo} on {@code /echo/v1/chat}. */
    public static Path echo(Path directory) {
        return PluginJar.plugin("echo-protocol")
                .extension("test.echo.EchoProtocol", adapter("EchoProtocol", "echo", "return List.of(\"/echo/v1/chat\");", ""))
                .writeTo(directory);
    }

    /** {@code crashing-protocol}: the adapter {@code crash} on {@code /crash/v1/chat}, whose toGemini() throws. */
    public static Path crashing(Path directory) {
        return PluginJar.plugin("crashing-protocol")
                .extension("test.echo.CrashingProtocol", adapter("CrashingProtocol", "crash",
                        "return List.of(\"/crash/v1/chat\");",
                        "if (request.body().has(\"text\")) { throw new IllegalStateException(\"bug in the adapter\"); }"))
                .writeTo(directory);
    }

    /**
     * {@code clashing-protocols}, whose adapters load in this order: {@code alpha} on
     * {@code /clash/v1/chat}; {@code beta}, claiming that path too; {@code gamma}, whose paths()
     * throws; {@code health} on {@code /health}; {@code openai} on {@code /v1/chat/completions}.
     * Only {@code alpha} is admitted.
     */
    public static Path clashing(Path directory) {
        return PluginJar.plugin("clashing-protocols")
                .extension("test.echo.A", adapter("A", "alpha", "return List.of(\"/clash/v1/chat\");", ""))
                .extension("test.echo.B", adapter("B", "beta", "return List.of(\"/clash/v1/beta\", \"/clash/v1/chat\");", ""))
                .extension("test.echo.C", adapter("C", "gamma", "throw new IllegalStateException(\"no paths today\");", ""))
                .extension("test.echo.D", adapter("D", "health", "return List.of(\"/health\");", ""))
                .extension("test.echo.E", adapter("E", "openai", "return List.of(\"/v1/chat/completions\");", ""))
                .writeTo(directory);
    }

    /** The source of {@code test.echo.<className>}, with {@code paths} as the body of paths() and {@code guard} first in toGemini(). */
    private static String adapter(String className, String id, String paths, String guard) {
        return """
                package test.echo;

                import com.fasterxml.jackson.databind.JsonNode;
                import com.fasterxml.jackson.databind.ObjectMapper;
                import com.fasterxml.jackson.databind.node.ObjectNode;
                import io.github.geminibalance.plugin.api.PluginContext;
                import io.github.geminibalance.plugin.api.protocol.ClientRequest;
                import io.github.geminibalance.plugin.api.protocol.ClientResponse;
                import io.github.geminibalance.plugin.api.protocol.GeminiCall;
                import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
                import io.github.geminibalance.plugin.api.protocol.ProtocolException;
                import io.github.geminibalance.plugin.api.protocol.StreamConverter;
                import io.github.geminibalance.plugin.api.protocol.StreamEvent;
                import java.util.List;
                import java.util.TreeSet;

                public class %1$s implements ProtocolAdapter {
                    private static final ObjectMapper JSON = new ObjectMapper();

                    public String id() { return "%2$s"; }

                    public List<String> paths() { %3$s }

                    public GeminiCall toGemini(ClientRequest request, PluginContext context) {
                        %4$s
                        JsonNode body = request.body();
                        if (!body.path("text").isTextual()) {
                            throw new ProtocolException(422, "text is required");
                        }
                        ObjectNode gemini = context.json().createObjectNode();
                        gemini.putArray("contents").addObject().put("role", "user")
                                .putArray("parts").addObject().put("text", body.get("text").asText());
                        gemini.putObject("systemInstruction").putArray("parts").addObject()
                                .put("text", "headers: " + String.join(",", new TreeSet<>(request.headers().keySet())));
                        return new GeminiCall(body.path("model").asText("gemini-2.5-flash"), gemini,
                                body.path("stream").asBoolean(false));
                    }

                    public ClientResponse fromGemini(GeminiCall call, JsonNode answer, PluginContext context) {
                        return ClientResponse.json(200, JSON.createObjectNode().put("reply", text(answer)).toString());
                    }

                    public StreamConverter streamConverter(GeminiCall call, PluginContext context) {
                        return new StreamConverter() {
                            public List<StreamEvent> onChunk(JsonNode chunk) {
                                String text = text(chunk);
                                if (text.equals("BOOM")) {
                                    throw new IllegalStateException("bug in the converter");
                                }
                                return List.of(new StreamEvent("delta", JSON.createObjectNode().put("text", text).toString()));
                            }

                            public List<StreamEvent> onEnd() {
                                return List.of(new StreamEvent("done", "{}"));
                            }

                            public List<StreamEvent> onError(String message) {
                                return List.of(new StreamEvent("error", JSON.createObjectNode().put("message", message).toString()));
                            }
                        };
                    }

                    public ClientResponse error(int status, String message) {
                        ObjectNode error = JSON.createObjectNode();
                        error.putObject("echo_error").put("status", status).put("message", message);
                        return ClientResponse.json(status, error.toString());
                    }

                    private static String text(JsonNode answer) {
                        StringBuilder text = new StringBuilder();
                        for (JsonNode part : answer.path("candidates").path(0).path("content").path("parts")) {
                            text.append(part.path("text").asText(""));
                        }
                        return text.toString();
                    }
                }
                """.formatted(className, id, paths, guard);
    }
}
