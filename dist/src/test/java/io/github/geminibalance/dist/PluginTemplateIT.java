package io.github.geminibalance.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.plugin.PluginHost;
import io.github.geminibalance.gateway.plugin.PluginSummary;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginState;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The plugin template of {@code docs/writing-plugins.md}, as the build's invoker run packaged it (its own
 * test passed on the way): the jar holds what the guide says, and the gateway's plugin host loads it.
 */
class PluginTemplateIT {

    private static final Path BUILD = Path.of(System.getProperty("pluginTemplateBuild"));
    private static final Path SOURCES = Path.of(System.getProperty("sourceRoot"));

    @Test
    void theGatewayLoadsTheTemplatesJarAndFindsItsUploader(@TempDir Path plugins) throws IOException {
        Files.copy(templateJar(), plugins.resolve(templateJar().getFileName()));

        try (PluginHost host = PluginHost.start(plugins)) {
            PluginSummary plugin = host.plugins().get(0);
            assertEquals(1, host.plugins().size(), host.plugins().toString());
            assertEquals("upload-example", plugin.id());
            assertEquals("1.0.0", plugin.version());
            assertEquals(PluginState.STARTED, plugin.state(), plugin.toString());
            Loaded<ImageUploader> uploader = host.uploader("example").orElseThrow();
            assertEquals("upload-example", uploader.pluginId());
            assertEquals("com.example.geminibalance.upload.example.ExampleUploader",
                    uploader.extension().getClass().getName());
            assertNotSame(getClass().getClassLoader(), uploader.extension().getClass().getClassLoader(),
                    "created by the plugin's own class loader");
            assertEquals(List.of("EXAMPLE_UPLOAD_URL", "EXAMPLE_UPLOAD_TOKEN"), uploader.extension().settingNames());
        }
    }

    /** What docs/writing-plugins.md tells authors to check with {@code unzip -l}. */
    @Test
    void theJarHoldsOnlyItsClassesTheIndexAndTheDescriptor() throws IOException {
        List<String> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(templateJar().toFile())) {
            jar.stream().filter(entry -> !entry.isDirectory()).map(ZipEntry::getName).forEach(entries::add);
            assertEquals("com.example.geminibalance.upload.example.ExampleUploader",
                    new String(jar.getInputStream(jar.getEntry("META-INF/extensions.idx")).readAllBytes(),
                            StandardCharsets.UTF_8).lines()
                            .filter(line -> !line.startsWith("#")).findFirst().orElse(""));
        }
        List<String> unexpected = entries.stream()
                .filter(name -> !name.startsWith("com/example/"))
                .filter(name -> !name.startsWith("META-INF/maven/"))
                .filter(name -> !List.of("META-INF/MANIFEST.MF", "META-INF/extensions.idx", "plugin.properties")
                        .contains(name))
                .toList();
        assertEquals(List.of(), unexpected, "nothing bundled: " + entries);
        assertTrue(entries.contains("plugin.properties"), entries.toString());
    }

    /**
     * The template states the gateway's version and the versions of what the gateway provides; when the
     * gateway moves on, the template must move with it (else it would build against a stale plugin API).
     */
    @Test
    void theTemplateUsesTheGatewaysVersions() throws Exception {
        Document root = parse(SOURCES.resolve("pom.xml"));
        Document template = parse(SOURCES.resolve("docs/plugin-template/pom.xml"));
        Map<String, String> templateProperties = children(template, "properties");

        assertEquals(text(root.getDocumentElement(), "version"), templateProperties.get("gemini-balance.version"));
        Map<String, String> rootProperties = children(root, "properties");
        for (String property : List.of("pf4j.version", "jackson.version", "slf4j.version", "junit.version")) {
            assertEquals(rootProperties.get(property), templateProperties.get(property), property);
        }
        Map<String, String> managed = pluginVersions(root);
        Map<String, String> pinned = pluginVersions(template);
        assertTrue(pinned.keySet().containsAll(
                List.of("maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin", "maven-resources-plugin")),
                pinned.toString());
        pinned.forEach((plugin, version) -> assertEquals(managed.get(plugin), version, plugin));
    }

    private static Path templateJar() throws IOException {
        try (Stream<Path> jars = Files.list(BUILD.resolve("target"))) {
            List<Path> found = jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).toList();
            assertEquals(1, found.size(), "the invoker run's jar in " + BUILD + "/target: " + found);
            return found.get(0);
        }
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of the direct children of the project's element {@code name}, by tag. */
    private static Map<String, String> children(Document pom, String name) {
        Map<String, String> values = new TreeMap<>();
        Element element = child(pom.getDocumentElement(), name);
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element value) {
                values.put(value.getTagName(), value.getTextContent().strip());
            }
        }
        return values;
    }

    /** Every {@code <plugin>}'s version under {@code <build>}, pluginManagement included, by artifactId. */
    private static Map<String, String> pluginVersions(Document pom) {
        Map<String, String> versions = new TreeMap<>();
        Element build = child(pom.getDocumentElement(), "build");
        var plugins = build.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            String version = text(plugin, "version");
            if (!version.isEmpty()) {
                versions.put(text(plugin, "artifactId"), version);
            }
        }
        return versions;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return "";
    }
}
