package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.keys.GoogleError;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;

/**
 * The shape of the errors a client protocol expects, for every error a proxied call can end in:
 * the gateway's own (every key rate-limited, none usable, a timeout, an answer it cannot
 * understand) and upstream errors handed back to the client. Each surface brings its own: the
 * OpenAI and Gemini ones ({@link io.github.geminibalance.gateway.http.ApiProtocol}), and one per
 * protocol adapter.
 */
public interface ErrorRenderer {

    /** A complete error response with this status, carrying {@code message} in the protocol's shape. */
    CapturedResponse render(int status, String message);

    /**
     * An upstream error the client must see, with the upstream's status. By default Google's message
     * goes into {@link #render}; a protocol that relays Google's body itself overrides this.
     *
     * @param body the upstream's error body, every key in it masked already
     */
    default CapturedResponse relay(UpstreamResponseHead head, byte[] body) {
        return render(head.status(), upstreamMessage(head.status(), GoogleError.parse(body)));
    }

    /** Google's message, or a plain statement of the status when the body had none. */
    static String upstreamMessage(int status, GoogleError error) {
        return error.message().isBlank() ? "The upstream answered HTTP " + status : error.message();
    }
}
