package io.github.geminibalance.gateway.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.plugin.api.PluginApi;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.pf4j.Plugin;
import org.slf4j.Logger;

/**
 * Builds a real plugin jar at test time: Java sources compiled against the plugin API, a manifest
 * with {@code Plugin-*} entries and an extension index, as a plugin's own build would make them.
 * The classes exist only in the jar, never on the test class path, so that the plugin class loader
 * is really what loads them.
 */
public final class PluginJar {

    /** The libraries a plugin compiles against, all provided by the gateway. */
    private static final List<Class<?>> PROVIDED = List.of(
            PluginApi.class, Plugin.class, Logger.class, JsonNode.class, TreeNode.class, JsonProperty.class);

    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> index = new ArrayList<>();
    private boolean bundleApi;
    private boolean properties;

    private PluginJar(String id) {
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Requires", ">=1.0.0");
    }

    /** A plugin with this {@code Plugin-Id}, version 1.0.0, requiring plugin API 1.0.0 or newer. */
    public static PluginJar plugin(String id) {
        return new PluginJar(id);
    }

    /** Sets a manifest entry; {@code null} removes it. */
    public PluginJar manifest(String name, String value) {
        if (value == null) {
            manifest.remove(name);
        } else {
            manifest.put(name, value);
        }
        return this;
    }

    /** Writes the descriptor as a {@code plugin.properties} at the jar's root, as the gateway's own plugins do. */
    public PluginJar describedByProperties() {
        properties = true;
        return this;
    }

    /** A class listed in the jar's {@code META-INF/extensions.idx}. */
    public PluginJar extension(String className, String source) {
        index.add(className);
        return source(className, source);
    }

    /** A class that is not an extension, e.g. the {@code Plugin-Class}. */
    public PluginJar source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Bundles a copy of the plugin API's {@code ImageUploader}, the mistake plugin authors make. */
    public PluginJar bundlingTheApi() {
        bundleApi = true;
        return this;
    }

    /** Compiles the sources in a scratch directory and writes {@code <id>.jar} into {@code pluginsDirectory}. */
    public Path writeTo(Path pluginsDirectory) {
        try {
            Path scratch = Files.createTempDirectory("plugin-build");
            Path classes = compile(scratch);
            Path jar = pluginsDirectory.resolve(manifest.getOrDefault("Plugin-Id", "no-id") + ".jar");
            Files.createDirectories(pluginsDirectory);
            write(jar, classes);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path compile(Path scratch) throws IOException {
        Path sourceRoot = Files.createDirectories(scratch.resolve("src"));
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            files.add(Files.writeString(file, source.getValue()));
        }
        if (files.isEmpty()) {
            return classes;
        }
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", providedClassPath(),
                    "--release", "17", "-proc:none");
            boolean compiled = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!compiled) {
                throw new IllegalStateException("plugin sources do not compile: " + diagnostics.getDiagnostics());
            }
        }
        return classes;
    }

    private void write(Path jar, Path classes) throws IOException {
        Manifest jarManifest = new Manifest();
        jarManifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (!properties) {
            manifest.forEach((name, value) -> jarManifest.getMainAttributes().putValue(name, value));
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), jarManifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entry(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            if (properties) {
                StringBuilder descriptor = new StringBuilder();
                // Plugin-Requires becomes plugin.requires, and so on.
                manifest.forEach((name, value) -> descriptor.append(name.toLowerCase(java.util.Locale.ROOT).replace('-', '.'))
                        .append('=').append(value).append('\n'));
                entry(out, "plugin.properties", descriptor.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!index.isEmpty()) {
                entry(out, "META-INF/extensions.idx", (String.join("\n", index) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (bundleApi) {
                String api = ImageUploader.class.getName().replace('.', '/') + ".class";
                try (InputStream in = ImageUploader.class.getClassLoader().getResourceAsStream(api)) {
                    entry(out, api, in.readAllBytes());
                }
            }
        }
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String providedClassPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : PROVIDED) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
