package io.github.geminibalance.gateway.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.gemini.GeminiGenerateAdapter;
import io.github.geminibalance.gateway.openai.OpenAiChatAdapter;
import io.github.geminibalance.gateway.tools.CodeExecutionTool;
import io.github.geminibalance.gateway.tools.GoogleSearchTool;
import io.github.geminibalance.gateway.tools.UrlContextTool;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginState;

class PluginHostTest {

    private static final PluginContext CONTEXT = new HostPluginContext(
            HostPluginContext.settingsOf(Map.of()),
            call -> CompletableFuture.failedFuture(new IOException("no network in this test")),
            new ObjectMapper());

    @TempDir
    Path dir;

    private Path plugins() {
        return dir.resolve("plugins");
    }

    /**
     * The gateway's class loader with {@link TestBuiltInTool} indexed as a built-in extension. Its
     * own index comes first, so that a plugin jar without an index of its own sees that one.
     */
    private ClassLoader gatewayWithABuiltInTool() throws IOException {
        Path classPath = dir.resolve("gateway-class-path");
        Files.createDirectories(classPath.resolve("META-INF"));
        Files.writeString(classPath.resolve("META-INF/extensions.idx"), TestBuiltInTool.class.getName() + "\n");
        return new URLClassLoader(new URL[] {classPath.toUri().toURL()}, PluginHostTest.class.getClassLoader()) {
            @Override
            public URL getResource(String name) {
                URL own = findResource(name);
                return own != null ? own : super.getResource(name);
            }
        };
    }

    @Test
    void aGoodUploaderPluginIsFoundAndUsable() throws Exception {
        TestPlugins.goodUploader(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            Loaded<ImageUploader> good = host.uploader("good").orElseThrow();
            URI url = good.extension().upload(new ImageUpload(new byte[] {1}, "image/png", "a.png"), CONTEXT).get();

            assertEquals(URI.create("https://img.example/a.png"), url);
            assertEquals("good-uploader", good.pluginId());
            assertEquals("good", good.id());
            assertInstanceOf(SharedApiClassLoader.class, good.extension().getClass().getClassLoader(),
                    "loaded from the jar, although the jar bundles its own copy of the API");
            assertEquals(List.of(new PluginSummary("good-uploader", "1.2.3", plugins().resolve("good-uploader.jar"),
                            PluginState.STARTED, Optional.empty(), List.of(new ExtensionSummary(Optional.of("ImageUploader"),
                                    Optional.of("good"), "test.good.GoodUploader", Optional.empty())))),
                    host.plugins());
        }
    }

    @Test
    void aPluginDescribedByPluginPropertiesLoadsLikeOneDescribedByItsManifest() {
        PluginJar.plugin("described")
                .manifest("Plugin-Version", "2.0.1")
                .manifest("Plugin-Requires", ">=1.0.0 & <2.0.0")
                .describedByProperties()
                .extension("test.tools.GoodTool", TestPlugins.tool("GoodTool", "goodTool", ""))
                .writeTo(plugins());
        PluginJar.plugin("too-new").manifest("Plugin-Requires", ">=2.0.0").describedByProperties().writeTo(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            PluginSummary described = plugin(host, "described");
            assertEquals("2.0.1", described.version());
            assertEquals(PluginState.STARTED, described.state());
            assertEquals(List.of("goodTool"), toolNames(host));
            assertEquals(PluginState.DISABLED, plugin(host, "too-new").state());
        }
    }

    @Test
    void uploaderIdsAreMatchedWithoutRegardToCase() {
        TestPlugins.goodUploader(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            assertTrue(host.uploader("GOOD").isPresent());
            assertEquals(List.of("good"), List.copyOf(host.uploaders().keySet()));
        }
    }

    @Test
    void jarsWithABadManifestAreReportedAndSkipped() {
        TestPlugins.withoutPluginId(plugins());
        TestPlugins.withoutManifest(plugins());
        TestPlugins.notAJar(plugins());
        TestPlugins.goodUploader(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            assertTrue(host.uploader("good").isPresent(), "the good plugin beside them still works");
            PluginSummary noId = plugin(host, "no-id.jar");
            assertEquals(PluginState.FAILED, noId.state());
            assertEquals(Optional.of("cannot be loaded: Field 'id' cannot be empty"), noId.failure());
            PluginSummary noManifest = plugin(host, "no-manifest.jar");
            assertEquals(PluginState.FAILED, noManifest.state());
            assertEquals(Optional.of("cannot be loaded: it has neither plugin.properties nor META-INF/MANIFEST.MF"),
                    noManifest.failure());
            PluginSummary notAJar = plugin(host, "broken.jar");
            assertEquals(PluginState.FAILED, notAJar.state());
            assertTrue(notAJar.failure().orElseThrow().startsWith("cannot be loaded: Cannot read manifest from "),
                    notAJar::toString);
        }
    }

    @Test
    void aPluginRequiringANewerPluginApiIsRefused() {
        TestPlugins.futureUploader(plugins());
        TestPlugins.goodUploader(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            PluginSummary future = plugin(host, "future-uploader");
            assertEquals(PluginState.DISABLED, future.state());
            assertEquals(Optional.of("it requires plugin API >=2.0.0; this gateway has 1.1.0"), future.failure());
            assertEquals(List.of(), future.extensions());
            assertEquals(Optional.empty(), host.uploader("future"));
            assertTrue(host.uploader("good").isPresent());
        }
    }

    @Test
    void anExtensionWhoseConstructorThrowsIsLeftOutAndTheOthersStay() throws IOException {
        TestPlugins.tools(plugins());

        try (PluginHost host = PluginHost.load(plugins(), true, gatewayWithABuiltInTool())) {
            PluginSummary tools = plugin(host, "tools");
            assertEquals(PluginState.STARTED, tools.state());
            assertEquals(Optional.empty(), tools.failure());
            ExtensionSummary throwing = tools.extensions().stream()
                    .filter(extension -> extension.className().equals("test.tools.ThrowingTool"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Optional.of("ToolProvider"), throwing.point());
            assertEquals(Optional.empty(), throwing.id());
            assertEquals(Optional.of("its constructor threw java.lang.IllegalStateException: no tool today"),
                    throwing.failure());
            assertEquals(List.of("testBuiltIn", "goodTool"), toolNames(host));
            assertEquals("tools", host.toolProviders().get(1).pluginId());
        }
    }

    @Test
    void protocolAdaptersClaimTheirPathsAndOnesThatClashAreLeftOut() {
        TestProtocolPlugins.echo(plugins());
        TestProtocolPlugins.clashing(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            SortedMap<String, Loaded<ProtocolAdapter>> routes = host.protocolRoutes();
            assertEquals(List.of("/clash/v1/chat", "/echo/v1/chat"), List.copyOf(routes.keySet()));
            assertEquals(List.of("alpha", "echo"), routes.values().stream().map(Loaded::id).toList());
            assertEquals("echo-protocol", routes.get("/echo/v1/chat").pluginId());
            assertEquals(List.of(
                            new ExtensionSummary(Optional.of("ProtocolAdapter"), Optional.of("alpha"), "test.echo.A",
                                    Optional.empty()),
                            refused("test.echo.B", "its path /clash/v1/chat is taken by protocol adapter alpha of plugin "
                                    + "clashing-protocols"),
                            refused("test.echo.C", "its paths() failed: java.lang.IllegalStateException: no paths today"),
                            refused("test.echo.D", "its path /health belongs to the gateway's own routes"),
                            refused("test.echo.E", "its path /v1/chat/completions belongs to the gateway's own routes"),
                            refused("test.echo.F", "its id OpenAI is one of the gateway's own protocol adapters")),
                    plugin(host, "clashing-protocols").extensions());
        }
    }

    private static ExtensionSummary refused(String className, String reason) {
        return new ExtensionSummary(Optional.of("ProtocolAdapter"), Optional.empty(), className, Optional.of(reason));
    }

    @Test
    void aPluginWhoseStartThrowsIsFailedAndItsExtensionsUnused() {
        TestPlugins.failingStart(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            PluginSummary failing = plugin(host, "failing-start");
            assertEquals(PluginState.FAILED, failing.state());
            assertEquals(Optional.of("java.lang.IllegalStateException: cannot start"), failing.failure());
            assertEquals(Optional.empty(), host.uploader("unused"));
        }
    }

    @Test
    void aPluginWhoseDependencyIsMissingIsFailed() {
        PluginJar.plugin("dependent").manifest("Plugin-Dependencies", "absent-plugin").writeTo(plugins());
        TestPlugins.goodUploader(plugins());

        try (PluginHost host = PluginHost.start(plugins())) {
            PluginSummary dependent = plugin(host, "dependent");
            assertEquals(PluginState.FAILED, dependent.state());
            assertEquals(Optional.of("a plugin it depends on is missing or of a wrong version (absent-plugin)"),
                    dependent.failure());
            assertTrue(host.uploader("good").isPresent());
        }
    }

    @Test
    void aPluginTheOperatorDisabledIsDisabledWithoutFailure() throws IOException {
        TestPlugins.goodUploader(plugins());
        Files.writeString(plugins().resolve("disabled.txt"), "good-uploader\n");

        try (PluginHost host = PluginHost.start(plugins())) {
            PluginSummary good = plugin(host, "good-uploader");
            assertEquals(PluginState.DISABLED, good.state());
            assertEquals(Optional.empty(), good.failure());
            assertEquals(Optional.empty(), host.uploader("good"));
        }
    }

    @Test
    void describingCreatesTheExtensionsWithoutStartingThePlugins() {
        TestPlugins.failingStart(plugins());
        TestPlugins.goodUploader(plugins());

        try (PluginHost host = PluginHost.describe(plugins())) {
            assertEquals(List.of(PluginState.RESOLVED, PluginState.RESOLVED),
                    host.plugins().stream().map(PluginSummary::state).toList());
            assertEquals(List.of("good", "unused"), List.copyOf(host.uploaders().keySet()));
        }
    }

    @Test
    void aJarWithoutAnIndexHasNoExtensionsAndDoesNotClaimTheGatewaysOwn() throws IOException {
        TestPlugins.withoutIndex(plugins());

        try (PluginHost host = PluginHost.load(plugins(), true, gatewayWithABuiltInTool())) {
            PluginSummary noIndex = plugin(host, "no-index");
            assertEquals(PluginState.STARTED, noIndex.state());
            assertEquals(List.of(), noIndex.extensions());
            assertEquals(List.of(Loaded.BUILT_IN), host.toolProviders().stream().map(Loaded::pluginId).toList());
        }
    }

    @Test
    void withoutAPluginsDirectoryOnlyTheBuiltInExtensionsAreThere() throws IOException {
        try (PluginHost host = PluginHost.load(dir.resolve("missing"), true, gatewayWithABuiltInTool())) {
            assertEquals(List.of(), host.plugins());
            assertEquals(Map.of(), host.uploaders());
            assertEquals(List.of(TestBuiltInTool.NAME), toolNames(host));
            assertEquals(List.of(
                            builtIn("ToolProvider", TestBuiltInTool.NAME, TestBuiltInTool.class),
                            builtIn("ToolProvider", "googleSearch", GoogleSearchTool.class),
                            builtIn("ToolProvider", "codeExecution", CodeExecutionTool.class),
                            builtIn("ToolProvider", "urlContext", UrlContextTool.class),
                            builtIn("ProtocolAdapter", "gemini", GeminiGenerateAdapter.class),
                            builtIn("ProtocolAdapter", "openai", OpenAiChatAdapter.class)),
                    host.builtIns());
        }
    }

    @Test
    void theGatewaysBuildIndexesItsOwnExtensions() throws Exception {
        Path classes = Path.of(PluginHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertTrue(Files.isRegularFile(classes.resolve("META-INF/extensions.idx")),
                "PF4J's annotation processor must run on gateway-core, or built-in extensions go missing");
    }

    @Test
    void closingStopsThePluginsAndClosesTheirClassLoaders() {
        TestPlugins.goodUploader(plugins());
        PluginHost host = PluginHost.start(plugins());
        ClassLoader loader = host.uploader("good").orElseThrow().extension().getClass().getClassLoader();

        host.close();

        assertTrue(((PluginClassLoader) loader).isClosed());
    }

    private static PluginSummary plugin(PluginHost host, String id) {
        return host.plugins().stream()
                .filter(plugin -> plugin.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + host.plugins()));
    }

    private static List<String> toolNames(PluginHost host) {
        return host.toolProviders().stream().map(Loaded::id).toList();
    }

    private static ExtensionSummary builtIn(String point, String id, Class<?> type) {
        return new ExtensionSummary(Optional.of(point), Optional.of(id), type.getName(), Optional.empty());
    }
}
