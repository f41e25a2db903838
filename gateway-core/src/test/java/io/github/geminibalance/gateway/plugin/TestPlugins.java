package io.github.geminibalance.gateway.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** The plugins the tests install: one of each way a plugin can work or break. */
public final class TestPlugins {

    private TestPlugins() {}

    /**
     * {@code good-uploader}: the uploader {@code good}, configured by {@code GOOD_TOKEN}, answering
     * {@code https://img.example/<file name>}. It logs through SLF4J and builds JSON with the
     * gateway's mapper, and bundles a copy of the plugin API, which must not matter.
     */
    public static Path goodUploader(Path directory) {
        return PluginJar.plugin("good-uploader")
                .manifest("Plugin-Version", "1.2.3")
                .extension("test.good.GoodUploader", """
                        package test.good;

                        import com.fasterxml.jackson.databind.node.ObjectNode;
                        import io.github.geminibalance.plugin.api.PluginContext;
                        import io.github.geminibalance.plugin.api.PluginSettings;
                        import io.github.geminibalance.plugin.api.upload.ImageUpload;
                        import io.github.geminibalance.plugin.api.upload.ImageUploader;
                        import java.net.URI;
                        import java.util.List;
                        import java.util.concurrent.CompletableFuture;
                        import org.pf4j.Extension;
                        import org.slf4j.Logger;
                        import org.slf4j.LoggerFactory;

                        @Extension
                        public class GoodUploader implements ImageUploader {
                            private static final Logger log = LoggerFactory.getLogger(GoodUploader.class);

                            public String provider() { return "good"; }

                            public List<String> settingNames() { return List.of("GOOD_TOKEN"); }

                            public boolean isConfigured(PluginSettings settings) {
                                return settings.get("GOOD_TOKEN").isPresent();
                            }

                            public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
                                ObjectNode answer = context.json().createObjectNode()
                                        .put("url", "https://img.example/" + image.fileName());
                                log.info("uploaded {}", image.fileName());
                                return CompletableFuture.completedFuture(URI.create(answer.get("url").asText()));
                            }
                        }
                        """)
                .bundlingTheApi()
                .writeTo(directory);
    }

    /**
     * {@code http-uploader}: the uploader {@code testhost}, a real one over the gateway's HTTP
     * transport. It needs {@code TESTHOST_URL} and {@code TESTHOST_TOKEN}, POSTs each image as the
     * multipart file field {@code file} (its file name and content type as given) with
     * {@code Authorization: Bearer <token>}, and answers the {@code url} of the host's JSON answer.
     * A non-2xx answer fails the upload with {@code UploadException("host said <status>: <body>")}.
     */
    public static Path httpUploader(Path directory) {
        return PluginJar.plugin("http-uploader")
                .extension("test.http.HttpUploader", """
                        package test.http;

                        import com.fasterxml.jackson.databind.JsonNode;
                        import io.github.geminibalance.plugin.api.PluginContext;
                        import io.github.geminibalance.plugin.api.PluginSettings;
                        import io.github.geminibalance.plugin.api.http.HttpBody;
                        import io.github.geminibalance.plugin.api.http.HttpCall;
                        import io.github.geminibalance.plugin.api.upload.ImageUpload;
                        import io.github.geminibalance.plugin.api.upload.ImageUploader;
                        import io.github.geminibalance.plugin.api.upload.UploadException;
                        import java.io.IOException;
                        import java.net.URI;
                        import java.time.Duration;
                        import java.util.List;
                        import java.util.Map;
                        import java.util.concurrent.CompletableFuture;

                        public class HttpUploader implements ImageUploader {
                            public String provider() { return "testhost"; }

                            public List<String> settingNames() { return List.of("TESTHOST_URL", "TESTHOST_TOKEN"); }

                            public boolean isConfigured(PluginSettings settings) {
                                return settings.get("TESTHOST_URL").isPresent() && settings.get("TESTHOST_TOKEN").isPresent();
                            }

                            public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
                                PluginSettings settings = context.settings();
                                HttpCall call = HttpCall.post(URI.create(settings.get("TESTHOST_URL").orElseThrow()),
                                        Map.of("Authorization", "Bearer " + settings.get("TESTHOST_TOKEN").orElseThrow()),
                                        new HttpBody.Multipart(List.of(
                                                HttpBody.FormPart.file("file", image.fileName(), image.mimeType(), image.data()))),
                                        Duration.ofSeconds(5));
                                return context.http().send(call).thenApply(result -> {
                                    if (!result.successful()) {
                                        throw new UploadException("host said " + result.status() + ": " + result.bodyText());
                                    }
                                    try {
                                        JsonNode answer = context.json().readTree(result.body());
                                        return URI.create(answer.path("url").asText());
                                    } catch (IOException e) {
                                        throw new UploadException("host answered no JSON");
                                    }
                                });
                            }
                        }
                        """)
                .writeTo(directory);
    }

    /** {@code future-uploader}: the uploader {@code future}, for a plugin API 2.0.0 this gateway does not have. */
    public static Path futureUploader(Path directory) {
        return PluginJar.plugin("future-uploader")
                .manifest("Plugin-Requires", ">=2.0.0")
                .extension("test.future.FutureUploader", uploader("test.future", "FutureUploader", "future",
                        "return CompletableFuture.completedFuture(URI.create(\"https://future.example/x.png\"));"))
                .writeTo(directory);
    }

    /** {@code slow-uploader}: the uploader {@code slow}, whose uploads never finish. */
    public static Path slowUploader(Path directory) {
        return PluginJar.plugin("slow-uploader")
                .extension("test.slow.SlowUploader", uploader("test.slow", "SlowUploader", "slow",
                        "return new CompletableFuture<>();"))
                .writeTo(directory);
    }

    /** {@code throwing-uploader}: the uploader {@code throwing}, whose upload() throws. */
    public static Path throwingUploader(Path directory) {
        return PluginJar.plugin("throwing-uploader")
                .extension("test.throwing.ThrowingUploader", uploader("test.throwing", "ThrowingUploader", "throwing",
                        "throw new IllegalStateException(\"bug in the plugin\");"))
                .writeTo(directory);
    }

    /**
     * {@code tools}: the tool {@code goodTool}, and a tool provider whose constructor throws
     * {@code IllegalStateException: no tool today}.
     */
    public static Path tools(Path directory) {
        return PluginJar.plugin("tools")
                .extension("test.tools.GoodTool", tool("GoodTool", "goodTool", ""))
                .extension("test.tools.ThrowingTool", tool("ThrowingTool", "throwingTool",
                        "public ThrowingTool() { throw new IllegalStateException(\"no tool today\"); }"))
                .writeTo(directory);
    }

    /** {@code failing-start}: a plugin whose {@code Plugin.start()} throws, with an uploader that must stay unused. */
    public static Path failingStart(Path directory) {
        return PluginJar.plugin("failing-start")
                .manifest("Plugin-Class", "test.failing.FailingPlugin")
                .source("test.failing.FailingPlugin", """
                        package test.failing;

                        public class FailingPlugin extends org.pf4j.Plugin {
                            @Override
                            public void start() {
                                throw new IllegalStateException("cannot start");
                            }
                        }
                        """)
                .extension("test.failing.UnusedUploader", uploader("test.failing", "UnusedUploader", "unused",
                        "return CompletableFuture.completedFuture(URI.create(\"https://unused.example/x.png\"));"))
                .writeTo(directory);
    }

    /** {@code no-index}: a plugin jar with an uploader but no {@code META-INF/extensions.idx}. */
    public static Path withoutIndex(Path directory) {
        return PluginJar.plugin("no-index")
                .source("test.noindex.HiddenUploader", uploader("test.noindex", "HiddenUploader", "hidden",
                        "return CompletableFuture.completedFuture(URI.create(\"https://hidden.example/x.png\"));"))
                .writeTo(directory);
    }

    /** {@code no-id.jar}: a manifest without {@code Plugin-Id}. */
    public static Path withoutPluginId(Path directory) {
        return PluginJar.plugin("unused").manifest("Plugin-Id", null).writeTo(directory);
    }

    /** {@code no-manifest.jar}: a jar without a manifest. */
    public static Path withoutManifest(Path directory) {
        try {
            Files.createDirectories(directory);
            Path jar = directory.resolve("no-manifest.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry("readme.txt"));
                out.write("no manifest here".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code broken.jar}: not a jar at all. */
    public static Path notAJar(Path directory) {
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve("broken.jar"), "not a zip file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An uploader that needs no settings, with {@code body} as its upload(). */
    private static String uploader(String packageName, String className, String provider, String body) {
        return """
                package %s;

                import io.github.geminibalance.plugin.api.PluginContext;
                import io.github.geminibalance.plugin.api.PluginSettings;
                import io.github.geminibalance.plugin.api.upload.ImageUpload;
                import io.github.geminibalance.plugin.api.upload.ImageUploader;
                import java.net.URI;
                import java.util.List;
                import java.util.concurrent.CompletableFuture;

                public class %s implements ImageUploader {
                    public String provider() { return "%s"; }

                    public List<String> settingNames() { return List.of(); }

                    public boolean isConfigured(PluginSettings settings) { return true; }

                    public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
                        %s
                    }
                }
                """.formatted(packageName, className, provider, body);
    }

    /** The source of {@code test.tools.<className>}, the tool {@code toolName}, with {@code constructor}. */
    static String tool(String className, String toolName, String constructor) {
        return """
                package test.tools;

                import com.fasterxml.jackson.databind.node.ObjectNode;
                import io.github.geminibalance.plugin.api.PluginContext;
                import io.github.geminibalance.plugin.api.tool.ToolProvider;
                import io.github.geminibalance.plugin.api.tool.ToolRequest;
                import java.util.Optional;

                public class %1$s implements ToolProvider {
                    %3$s

                    public String toolName() { return "%2$s"; }

                    public Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context) {
                        return Optional.of(context.json().createObjectNode().putObject("%2$s"));
                    }
                }
                """.formatted(className, toolName, constructor);
    }
}
