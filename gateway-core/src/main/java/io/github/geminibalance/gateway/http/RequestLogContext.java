package io.github.geminibalance.gateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * What the access log line says beyond method, path and status: filled in by the handlers (the
 * model) and the proxy (the key that served, how many attempts), possibly from other threads.
 */
public final class RequestLogContext {

    private static final AttachmentKey<RequestLogContext> KEY = AttachmentKey.create(RequestLogContext.class);

    private volatile String model = "-";
    private volatile String keyFingerprint = "-";
    private volatile int attempts;

    public static RequestLogContext of(HttpServerExchange exchange) {
        RequestLogContext context = exchange.getAttachment(KEY);
        if (context == null) {
            context = new RequestLogContext();
            exchange.putAttachment(KEY, context);
        }
        return context;
    }

    public void model(String model) {
        this.model = model;
    }

    /** Records an attempt made with the key of this fingerprint (never the key itself). */
    public void attempt(String keyFingerprint) {
        this.keyFingerprint = keyFingerprint;
        this.attempts++;
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
}
