package io.github.geminibalance.plugin.api.http;

import java.util.concurrent.CompletableFuture;

/** The gateway's HTTP client, as plugins see it. */
public interface HttpTransport {

    /**
     * Sends a request without blocking. The future completes with any answer the server gave, error
     * statuses included, and fails only when there was no answer (connection error, timeout).
     */
    CompletableFuture<HttpResult> send(HttpCall call);
}
