package io.github.geminibalance.gateway.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway among broken plugins starts, serves, and uploads with the one plugin that works. */
class PluginIsolationIT {

    @TempDir
    Path dir;

    @Test
    void theGatewayServesAndUploadsWhateverTheOtherPluginsDo() throws Exception {
        TestPlugins.goodUploader(dir);
        TestPlugins.futureUploader(dir);
        TestPlugins.failingStart(dir);
        TestPlugins.tools(dir);
        TestPlugins.withoutPluginId(dir);
        TestPlugins.notAJar(dir);

        try (Gateway gateway = TestGateways.start("http://127.0.0.1:9", Map.of(
                "PLUGINS_DIR", dir.toString(), "UPLOAD_PROVIDER", "good", "GOOD_TOKEN", "token"))) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Optional<URI> url = gateway.uploads()
                    .upload(new ImageUpload(new byte[] {1}, "image/png", "b.png"))
                    .get(5, TimeUnit.SECONDS);

            assertEquals(200, health.statusCode());
            assertEquals(Optional.of(URI.create("https://img.example/b.png")), url);
            assertEquals(List.of("broken.jar FAILED", "failing-start FAILED", "future-uploader DISABLED",
                            "good-uploader STARTED", "no-id.jar FAILED", "tools STARTED"),
                    gateway.plugins().plugins().stream().map(plugin -> plugin.id() + " " + plugin.state()).toList());
        }
    }

    @Test
    void anUnknownUploadProviderMeansDataUrlsNotAFailedStart() throws Exception {
        try (Gateway gateway = TestGateways.start("http://127.0.0.1:9", Map.of(
                "PLUGINS_DIR", dir.toString(), "UPLOAD_PROVIDER", "nowhere"))) {
            assertEquals(Optional.empty(), gateway.uploads().provider());
            assertEquals(Optional.empty(), gateway.uploads()
                    .upload(new ImageUpload(new byte[] {1}, "image/png", "c.png"))
                    .get(5, TimeUnit.SECONDS));
        }
    }
}
