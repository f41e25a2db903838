package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;

/** Turns a complete successful upstream response into what the client gets. */
@FunctionalInterface
public interface ResponseTransformer {

    /**
     * @param key the pool key that made the call, e.g. to remember which key owns a new file
     * @throws Exception if the upstream body cannot be understood; the client gets a 502
     */
    CapturedResponse transform(ApiKey key, UpstreamResponseHead head, byte[] body) throws Exception;
}
