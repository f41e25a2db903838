package io.github.geminibalance.gateway.openai;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where generated images go when a client is to get links: the image host the operator chose.
 * Without one (or when it is not configured) images travel as data URLs instead.
 */
public interface ImageStore {

    /** Whether an image host is in use, so that images are worth uploading at all. */
    boolean active();

    /**
     * Stores one image.
     *
     * @return its public URL; empty when no host is in use; a failed future when the host refused it
     */
    CompletableFuture<Optional<URI>> store(byte[] data, String mimeType);
}
