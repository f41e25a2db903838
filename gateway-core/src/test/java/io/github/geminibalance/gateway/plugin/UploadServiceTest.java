package io.github.geminibalance.gateway.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadServiceTest {

    private static final ImageUpload IMAGE = new ImageUpload(new byte[] {1, 2, 3}, "image/png", "2026/01/01/a.png");
    private static final PluginContext CONTEXT = new HostPluginContext(
            HostPluginContext.settingsOf(Map.of()),
            call -> CompletableFuture.failedFuture(new IOException("no network in this test")),
            new ObjectMapper());
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void withoutAnUploaderTheAnswerIsEmptyAtOnce() {
        UploadService service = new UploadService(Optional.empty(), CONTEXT, timer, TIMEOUT);

        assertEquals(Optional.empty(), service.upload(IMAGE).join());
        assertEquals(Optional.empty(), service.provider());
    }

    @Test
    void anUploadGivesTheImagesUrl() {
        UploadService service = service((image, context) ->
                CompletableFuture.completedFuture(URI.create("https://img.example/" + image.fileName())));

        assertEquals(Optional.of(URI.create("https://img.example/2026/01/01/a.png")), service.upload(IMAGE).join());
        assertEquals(Optional.of("fake"), service.provider());
    }

    @Test
    void theUploadersOwnMessageReachesTheClient() {
        UploadService service = service((image, context) ->
                CompletableFuture.failedFuture(new UploadException("quota exceeded")));

        assertEquals("image upload to fake failed: quota exceeded", failure(service).getMessage());
    }

    @Test
    void anUploaderThatThrowsFailsTheFutureWithoutDetailsForTheClient() {
        UploadService service = service((image, context) -> {
            throw new IllegalStateException("NPE-ish bug with internals");
        });

        UploadException failure = failure(service);
        assertEquals("image upload to fake failed", failure.getMessage());
        assertInstanceOf(IllegalStateException.class, failure.getCause(), "kept for the log");
    }

    @Test
    void aFailureWrappedByTheUploaderIsUnwrapped() {
        UploadService service = service((image, context) ->
                CompletableFuture.supplyAsync(() -> {
                    throw new UploadException("host said no");
                }));

        assertEquals("image upload to fake failed: host said no", failure(service).getMessage());
    }

    @Test
    void anUploaderThatNeverFinishesIsCutOffAtTheTimeout() {
        CompletableFuture<URI> never = new CompletableFuture<>();
        UploadService service = service((image, context) -> never);

        long started = System.nanoTime();
        UploadException failure = failure(service);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals("image upload to fake did not finish within 300 ms", failure.getMessage());
        assertTrue(tookMillis >= 250 && tookMillis < 5_000, "took " + tookMillis + " ms");
        // The client's answer is released first and the uploader cancelled right after, on the timer thread.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!never.isCancelled() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(never.isCancelled(), "the uploader is told to stop");
    }

    @Test
    void anUploaderThatAnswersNothingFails() {
        assertEquals("image upload to fake failed", failure(service((image, context) -> null)).getMessage());
        assertEquals("image upload to fake failed",
                failure(service((image, context) -> CompletableFuture.completedFuture(null))).getMessage());
    }

    @Test
    void aPluginJarsUploaderThatThrowsFailsCleanly() {
        TestPlugins.throwingUploader(dir);

        try (PluginHost host = PluginHost.start(dir)) {
            UploadService service = new UploadService(host.uploader("throwing"), CONTEXT, timer, TIMEOUT);

            UploadException failure = failure(service);
            assertEquals("image upload to throwing failed", failure.getMessage());
            assertEquals("bug in the plugin", failure.getCause().getMessage());
        }
    }

    @Test
    void aPluginJarsUploaderThatNeverFinishesFailsWithinTheTimeout() {
        TestPlugins.slowUploader(dir);

        try (PluginHost host = PluginHost.start(dir)) {
            UploadService service = new UploadService(host.uploader("slow"), CONTEXT, timer, TIMEOUT);

            assertEquals("image upload to slow did not finish within 300 ms", failure(service).getMessage());
        }
    }

    @Test
    void timeoutsOfWholeSecondsReadInSeconds() {
        UploadService service = new UploadService(
                Optional.of(new Loaded<>("p", "fake", uploader((image, context) -> new CompletableFuture<>()))),
                CONTEXT, timer, Duration.ofSeconds(1));

        assertEquals("image upload to fake did not finish within 1 s", failure(service).getMessage());
    }

    private UploadService service(BiFunction<ImageUpload, PluginContext, CompletableFuture<URI>> upload) {
        Loaded<ImageUploader> fake = new Loaded<>("fake-plugin", "fake", uploader(upload));
        return new UploadService(Optional.of(fake), CONTEXT, timer, TIMEOUT);
    }

    /** The failure, which must come well within the test's patience whatever the uploader does. */
    private static UploadException failure(UploadService service) {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> service.upload(IMAGE).get(5, TimeUnit.SECONDS));
        return assertInstanceOf(UploadException.class, failed.getCause());
    }

    private static ImageUploader uploader(BiFunction<ImageUpload, PluginContext, CompletableFuture<URI>> upload) {
        return new ImageUploader() {
            @Override
            public String provider() {
                return "fake";
            }

            @Override
            public List<String> settingNames() {
                return List.of();
            }

            @Override
            public boolean isConfigured(PluginSettings settings) {
                return true;
            }

            @Override
            public CompletableFuture<URI> upload(ImageUpload image, PluginContext context) {
                return upload.apply(image, context);
            }
        };
    }
}
