package io.github.geminibalance.plugin.api.upload;

import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pf4j.ExtensionPoint;

/**
 * Stores a generated image on an image host and returns its public URL. The operator picks one
 * uploader with {@code UPLOAD_PROVIDER=<provider()>}; without one (or when it is not configured)
 * the gateway returns images as data URLs instead.
 *
 * <p>Implementations are stateless: everything a call needs comes in its arguments. They must not
 * block: use {@link PluginContext#http()} and return its future.
 */
public interface ImageUploader extends ExtensionPoint {

    /** The {@code UPLOAD_PROVIDER} value that selects this uploader, e.g. {@code smms}. */
    String provider();

    /** The settings this uploader reads, for {@code config validate} and {@code plugins list}. */
    List<String> settingNames();

    /** Whether the settings it needs (a token, an address) are present. */
    boolean isConfigured(PluginSettings settings);

    /**
     * Uploads one image.
     *
     * @return the image's public URL; or a future failed with {@link UploadException}, whose message
     *     (the host's own error message where it gave one) the client may see
     */
    CompletableFuture<URI> upload(ImageUpload image, PluginContext context);
}
