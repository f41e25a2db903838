package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import io.github.geminibalance.plugin.api.upload.UploadException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads generated images with the uploader {@code UPLOAD_PROVIDER} selected. Whatever the plugin
 * does (throws, returns no future, fails it with any exception, or never completes it), the caller
 * gets a future that completes within the timeout, failed at worst with an {@link UploadException}
 * whose message a client may read.
 */
public final class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    private final Optional<Loaded<ImageUploader>> uploader;
    private final PluginContext context;
    private final ScheduledExecutorService timer;
    private final Duration timeout;

    /**
     * @param uploader the selected uploader (see {@link UploaderSelection}); empty for none
     * @param context what the uploader gets on each call
     * @param timer runs the deadlines
     * @param timeout how long an upload may take in all
     */
    public UploadService(Optional<Loaded<ImageUploader>> uploader, PluginContext context,
            ScheduledExecutorService timer, Duration timeout) {
        this.uploader = Objects.requireNonNull(uploader, "uploader");
        this.context = Objects.requireNonNull(context, "context");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The provider id uploads go to; empty when images are returned as data URLs. */
    public Optional<String> provider() {
        return uploader.map(Loaded::id);
    }

    /**
     * Uploads one image.
     *
     * @return the image's public URL; empty at once when no uploader is in use, and the caller then
     *     returns the image as a data URL
     */
    public CompletableFuture<Optional<URI>> upload(ImageUpload image) {
        if (uploader.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Loaded<ImageUploader> active = uploader.get();
        CompletableFuture<Optional<URI>> result = new CompletableFuture<>();
        CompletableFuture<URI> upload;
        try {
            upload = active.extension().upload(image, context);
        } catch (RuntimeException | LinkageError e) {
            fail(result, active, e);
            return result;
        }
        if (upload == null) {
            fail(result, active, new IllegalStateException("upload() returned no future"));
            return result;
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            String message = "image upload to " + active.id() + " did not finish within " + readable(timeout);
            if (result.completeExceptionally(new UploadException(message))) {
                log.warn("plugin {}: {}", active.pluginId(), message);
                upload.cancel(true); // tells a well-behaved uploader to stop its HTTP call
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        upload.whenComplete((url, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                fail(result, active, unwrapped(failure));
            } else if (url == null) {
                fail(result, active, new IllegalStateException("upload() completed without a URL"));
            } else {
                result.complete(Optional.of(url));
            }
        });
        return result;
    }

    /**
     * An {@link UploadException}'s message is the plugin's word for the client; anything else is a
     * bug or a transport detail, logged in full but reported to the client only as a failure.
     */
    private static void fail(CompletableFuture<Optional<URI>> result, Loaded<ImageUploader> active, Throwable cause) {
        String prefix = "image upload to " + active.id() + " failed";
        if (cause instanceof UploadException) {
            if (result.completeExceptionally(new UploadException(prefix + ": " + cause.getMessage(), cause))) {
                log.warn("plugin {}: {}: {}", active.pluginId(), prefix, cause.getMessage());
            }
        } else if (result.completeExceptionally(new UploadException(prefix, cause))) {
            log.error("plugin {}: {}", active.pluginId(), prefix, cause);
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Throwable unwrapped(Throwable failure) {
        boolean wrapper = failure instanceof CompletionException || failure instanceof ExecutionException;
        return wrapper && failure.getCause() != null ? failure.getCause() : failure;
    }
}
