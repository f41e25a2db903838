package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.observe.TokenUsage;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;

/**
 * What the access log line and the request log say beyond method, path and status: filled in by
 * the router (the route, for API requests only), the handlers (the model, the tokens used) and
 * the proxy (the key that served, how many attempts), possibly from other threads.
 */
public final class RequestLogContext {

    private static final AttachmentKey<RequestLogContext> KEY = AttachmentKey.create(RequestLogContext.class);

    private volatile String route;
    private volatile boolean authenticated;
    private volatile String model = "-";
    private volatile String keyFingerprint = "-";
    private volatile int attempts;
    private volatile TokenUsage tokens;

    public static RequestLogContext of(HttpServerExchange exchange) {
        RequestLogContext context = exchange.getAttachment(KEY);
        if (context == null) {
            context = new RequestLogContext();
            exchange.putAttachment(KEY, context);
        }
        return context;
    }

    /** Marks the request as an API call of this route template (see {@code RouteNames}). */
    public void route(String route) {
        this.route = route;
    }

    /** Marks the caller as one that presented a valid token. */
    public void authenticated() {
        this.authenticated = true;
    }

    public void model(String model) {
        this.model = model;
    }

    /** Records an attempt made with the key of this fingerprint (never the key itself). */
    public void attempt(String keyFingerprint) {
        this.keyFingerprint = keyFingerprint;
        this.attempts++;
    }

    /** Records the tokens the answer reported; a stream reports them more than once, the last count wins. */
    public void tokens(TokenUsage tokens) {
        this.tokens = tokens;
    }

    /** The route template of an API request; empty for anything else (health, admin, pages). */
    public Optional<String> route() {
        return Optional.ofNullable(route);
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public String model() {
        return model;
    }

    public String keyFingerprint() {
        return keyFingerprint;
    }

    public int attempts() {
        return attempts;
    }

    public Optional<TokenUsage> tokens() {
        return Optional.ofNullable(tokens);
    }
}
