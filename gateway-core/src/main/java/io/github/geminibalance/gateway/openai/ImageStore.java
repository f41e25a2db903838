package io.github.geminibalance.gateway.openai;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where generated images go when a client wants URLs: the image host the operator chose. Empty
 * when there is none (or it is not configured): the image then travels as a data URL.
 */
@FunctionalInterface
public interface ImageStore {

    /** An image store that never stores: every image becomes a data URL. */
    ImageStore NONE = (data, mimeType) -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * Stores one image.
     *
     * @return its public URL; empty when no host is in use; a failed future when the host refused it
     */
    CompletableFuture<Optional<URI>> store(byte[] data, String mimeType);
}
