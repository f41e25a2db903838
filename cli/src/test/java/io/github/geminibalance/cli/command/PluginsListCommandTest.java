package io.github.geminibalance.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.cli.Cli;
import io.github.geminibalance.cli.Cli.Result;
import io.github.geminibalance.gateway.plugin.TestPlugins;
import io.github.geminibalance.gateway.plugin.TestProtocolPlugins;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsListCommandTest {

    /** The gateway's own extensions, listed after the plugins whatever the plugins directory holds. */
    private static final String BUILT_INS = """
            built into the gateway:
                ToolProvider googleSearch (io.github.geminibalance.gateway.tools.GoogleSearchTool)
                ToolProvider codeExecution (io.github.geminibalance.gateway.tools.CodeExecutionTool)
                ToolProvider urlContext (io.github.geminibalance.gateway.tools.UrlContextTool)
                ProtocolAdapter gemini (io.github.geminibalance.gateway.gemini.GeminiGenerateAdapter)
                ProtocolAdapter openai (io.github.geminibalance.gateway.openai.OpenAiChatAdapter)
            """;

    @TempDir
    Path dir;

    private Path plugins() {
        return dir.resolve("plugins");
    }

    /** Only PLUGINS_DIR matters: the listing works before API keys and tokens are set. */
    private Result list(String... options) {
        List<String> args = new ArrayList<>(List.of("plugins", "list"));
        args.addAll(List.of(options));
        return Cli.run(dir, Map.of("PLUGINS_DIR", plugins().toString()), args.toArray(String[]::new));
    }

    @Test
    void listsEachPluginWithItsVersionStateFailureAndExtensions() {
        TestPlugins.goodUploader(plugins());
        TestPlugins.futureUploader(plugins());
        TestPlugins.failingStart(plugins());
        TestPlugins.tools(plugins());
        TestPlugins.notAJar(plugins());

        Result result = list();

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                plugins in %1$s:
                  broken.jar: failed: cannot be loaded: Cannot read manifest from %1$s/broken.jar
                  failing-start 1.0.0: failed: java.lang.IllegalStateException: cannot start
                  future-uploader 1.0.0: disabled: it requires plugin API >=2.0.0; this gateway has 1.1.0
                  good-uploader 1.2.3: started
                    ImageUploader good (test.good.GoodUploader)
                  tools 1.0.0: started
                    ToolProvider goodTool (test.tools.GoodTool)
                    ToolProvider test.tools.ThrowingTool: not in use: its constructor threw \
                java.lang.IllegalStateException: no tool today
                """.formatted(plugins()) + BUILT_INS, result.out());
    }

    @Test
    void protocolAdaptersAreListedWithTheirIdsAndWhyOnesThatClashAreNotInUse() {
        TestProtocolPlugins.echo(plugins());
        TestProtocolPlugins.clashing(plugins());

        Result result = list();

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                plugins in %1$s:
                  clashing-protocols 1.0.0: started
                    ProtocolAdapter alpha (test.echo.A)
                    ProtocolAdapter test.echo.B: not in use: its path /clash/v1/chat is taken by protocol adapter \
                alpha of plugin clashing-protocols
                    ProtocolAdapter test.echo.C: not in use: its paths() failed: java.lang.IllegalStateException: \
                no paths today
                    ProtocolAdapter test.echo.D: not in use: its path /health belongs to the gateway's own routes
                    ProtocolAdapter test.echo.E: not in use: its path /v1/chat/completions belongs to the gateway's \
                own routes
                    ProtocolAdapter test.echo.F: not in use: its id OpenAI is one of the gateway's own protocol \
                adapters
                  echo-protocol 1.0.0: started
                    ProtocolAdapter echo (test.echo.EchoProtocol)
                """.formatted(plugins()) + BUILT_INS, result.out());
    }

    @Test
    void jsonHasTheSameAsFields() throws IOException {
        TestPlugins.goodUploader(plugins());
        TestPlugins.futureUploader(plugins());

        Result result = list("--format", "json");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertEquals(plugins().toString(), report.get("directory").asText());
        JsonNode future = report.get("plugins").get(0);
        assertEquals("future-uploader", future.get("id").asText());
        assertEquals("disabled", future.get("state").asText());
        assertEquals("it requires plugin API >=2.0.0; this gateway has 1.1.0", future.get("failure").asText());
        JsonNode good = report.get("plugins").get(1);
        assertEquals("1.2.3", good.get("version").asText());
        assertEquals("started", good.get("state").asText());
        assertTrue(good.get("failure").isNull());
        assertEquals(plugins().resolve("good-uploader.jar").toString(), good.get("path").asText());
        JsonNode uploader = good.get("extensions").get(0);
        assertEquals("ImageUploader", uploader.get("point").asText());
        assertEquals("good", uploader.get("id").asText());
        assertEquals("test.good.GoodUploader", uploader.get("className").asText());
        assertEquals("io.github.geminibalance.gateway.openai.OpenAiChatAdapter",
                report.get("builtIn").get(4).get("className").asText());
    }

    @Test
    void aRelativePluginsDirIsRelativeToTheWorkingDirectory() {
        TestPlugins.goodUploader(plugins());

        Result result = Cli.run(dir, Map.of("PLUGINS_DIR", "plugins"), "plugins", "list");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("plugins in " + plugins() + ":\n"), result.out());
    }

    @Test
    void withoutThePluginsDirectoryItSaysSo() {
        Result result = list();

        assertEquals(0, result.exitCode());
        assertEquals("no plugins directory " + plugins() + " (PLUGINS_DIR)\n" + BUILT_INS, result.out());
    }

    @Test
    void anEmptyPluginsDirectoryHasNoPlugins() throws IOException {
        java.nio.file.Files.createDirectories(plugins());

        Result result = list();

        assertEquals(0, result.exitCode());
        assertEquals("no plugins in " + plugins() + "\n" + BUILT_INS, result.out());
    }
}
