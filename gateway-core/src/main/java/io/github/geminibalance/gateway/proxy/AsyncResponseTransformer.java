package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a complete successful upstream response into what the client gets, when that takes a
 * further non-blocking step (uploading the images in it, say).
 */
@FunctionalInterface
public interface AsyncResponseTransformer {

    /**
     * @return the client's response; a future failed (or an exception thrown) when the upstream
     *     body cannot be understood, and the client gets a 502
     */
    CompletableFuture<CapturedResponse> transform(ApiKey key, UpstreamResponseHead head, byte[] body) throws Exception;
}
