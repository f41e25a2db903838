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
     * {@code staged-protocol}: the adapter {@code staged} on {@code /staged/v1/chat}, which uses
     * what plugin API 1.1 added. A request {@code {"text", "stream", "whole"}} becomes a call that
     * carries {@code tag:<text>} as its attachment; {@code prepare} adds, from another thread, a
     * second part {@code prepared}, or refuses a text {@code refuse} with a {@code StagedRefusal}
     * (409, field {@code text}) that {@code error(ProtocolException)} renders as
     * {@code {"staged_error": {"message", "field"}}}; {@code finish} upper-cases the answer's first
     * text, from another thread; a whole answer is {@code {"reply", "tag"}}; a streamed one is
     * {@code data: <text>} per chunk, each with a pause of 1 ms after it, then {@code data: end}.
     */
    public static Path staged(Path directory) {
        return PluginJar.plugin("staged-protocol")
                .extension("test.staged.StagedProtocol", STAGED_SOURCE)
                .writeTo(directory);
    }

    private static final String STAGED_SOURCE = """
            package test.staged;

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
            import java.time.Duration;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;

            public class StagedProtocol implements ProtocolAdapter {
                private static final ObjectMapper JSON = new ObjectMapper();

                public static class StagedRefusal extends ProtocolException {
                    final String field;

                    StagedRefusal(String message, String field) {
                        super(409, message);
                        this.field = field;
                    }
                }

                public String id() { return "staged"; }

                public List<String> paths() { return List.of("/staged/v1/chat"); }

                public GeminiCall toGemini(ClientRequest request, PluginContext context) {
                    JsonNode body = request.body();
                    ObjectNode gemini = context.json().createObjectNode();
                    gemini.putArray("contents").addObject().put("role", "user")
                            .putArray("parts").addObject().put("text", body.path("text").asText());
                    return new GeminiCall("gemini-2.5-flash", gemini, body.path("stream").asBoolean(false),
                            body.path("whole").asBoolean(false), "tag:" + body.path("text").asText());
                }

                public CompletionStage<GeminiCall> prepare(GeminiCall call, PluginContext context) {
                    return CompletableFuture.supplyAsync(() -> {
                        if (call.attachment(String.class).equals("tag:refuse")) {
                            throw new StagedRefusal("refused in prepare", "text");
                        }
                        ((ObjectNode) call.request().at("/contents/0")).withArray("parts").addObject().put("text", "prepared");
                        return call;
                    });
                }

                public CompletionStage<JsonNode> finish(GeminiCall call, JsonNode answer, PluginContext context) {
                    return CompletableFuture.supplyAsync(() -> {
                        ObjectNode part = (ObjectNode) answer.at("/candidates/0/content/parts/0");
                        part.put("text", part.path("text").asText().toUpperCase());
                        return answer;
                    });
                }

                public ClientResponse fromGemini(GeminiCall call, JsonNode answer, PluginContext context) {
                    return ClientResponse.json(200, JSON.createObjectNode().put("reply", text(answer))
                            .put("tag", call.attachment(String.class)).toString());
                }

                public StreamConverter streamConverter(GeminiCall call, PluginContext context) {
                    return new StreamConverter() {
                        public List<StreamEvent> onChunk(JsonNode chunk) {
                            return List.of(new StreamEvent(null, text(chunk), Duration.ofMillis(1)));
                        }

                        public List<StreamEvent> onEnd() {
                            return List.of(StreamEvent.data("end"));
                        }

                        public List<StreamEvent> onError(String message) {
                            return List.of(StreamEvent.data("error " + message));
                        }
                    };
                }

                public ClientResponse error(int status, String message) {
                    ObjectNode error = JSON.createObjectNode();
                    error.putObject("staged_error").put("message", message);
                    return ClientResponse.json(status, error.toString());
                }

                public ClientResponse error(ProtocolException refusal) {
                    ClientResponse plain = error(refusal.status(), refusal.getMessage());
                    if (!(refusal instanceof StagedRefusal staged)) {
                        return plain;
                    }
                    ObjectNode error = JSON.createObjectNode();
                    error.putObject("staged_error").put("message", refusal.getMessage()).put("field", staged.field);
                    return ClientResponse.json(refusal.status(), error.toString());
                }

                private static String text(JsonNode answer) {
                    StringBuilder text = new StringBuilder();
                    for (JsonNode part : answer.path("candidates").path(0).path("content").path("parts")) {
                        text.append(part.path("text").asText(""));
                    }
                    return text.toString();
                }
            }
            """;

    /**
     * {@code clashing-protocols}, whose adapters load in this order: {@code alpha} on
     * {@code /clash/v1/chat}; {@code beta}, claiming that path too; {@code gamma}, whose paths()
     * throws; {@code health} on {@code /health}; {@code mine} on {@code /v1/chat/completions};
     * {@code OpenAI}, the id of the gateway's own adapter, on {@code /mine/v1/chat}. Only
     * {@code alpha} is admitted.
     */
    public static Path clashing(Path directory) {
        return PluginJar.plugin("clashing-protocols")
                .extension("test.echo.A", adapter("A", "alpha", "return List.of(\"/clash/v1/chat\");", ""))
                .extension("test.echo.B", adapter("B", "beta", "return List.of(\"/clash/v1/beta\", \"/clash/v1/chat\");", ""))
                .extension("test.echo.C", adapter("C", "gamma", "throw new IllegalStateException(\"no paths today\");", ""))
                .extension("test.echo.D", adapter("D", "health", "return List.of(\"/health\");", ""))
                .extension("test.echo.E", adapter("E", "mine", "return List.of(\"/v1/chat/completions\");", ""))
                .extension("test.echo.F", adapter("F", "OpenAI", "return List.of(\"/mine/v1/chat\");", ""))
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
