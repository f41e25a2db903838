package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.config.GatewayConfig.AuthConfig;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.metrics.GatewayMetrics;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /metrics}: the Prometheus text. Without {@code METRICS_TOKEN} it is open, as
 * Prometheus exporters usually are: it shows counts, model names and key fingerprints, never a key,
 * a token or a prompt. With it, a scrape must send {@code Authorization: Bearer} with that token or
 * the admin token (Prometheus' {@code authorization} setting); never {@code ?key=}, which would
 * end up in logs.
 */
public final class MetricsHandler {

    private final GatewayMetrics metrics;
    /** Empty when {@code /metrics} is open. */
    private final List<Secret> tokens;

    public MetricsHandler(GatewayMetrics metrics, AuthConfig auth) {
        this.metrics = metrics;
        List<Secret> accepted = new ArrayList<>();
        auth.metricsToken().ifPresent(token -> {
            accepted.add(token);
            auth.adminToken().ifPresent(accepted::add);
        });
        this.tokens = List.copyOf(accepted);
    }

    public void handle(HttpServerExchange exchange) {
        if (!admitted(exchange)) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Responses.error(exchange, ApiProtocol.OPENAI, 401,
                    "Metrics need the metrics token (METRICS_TOKEN) as Authorization: Bearer <token>");
        } else if (!Methods.GET.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
            Responses.error(exchange, ApiProtocol.OPENAI, 405, "Use GET");
        } else {
            // Rendering every meter takes milliseconds and reads /proc: not on an I/O thread.
            exchange.dispatch(this::scrape);
        }
    }

    private boolean admitted(HttpServerExchange exchange) {
        if (tokens.isEmpty()) {
            return true;
        }
        String presented = AccessControl.bearerToken(exchange).orElse(null);
        boolean match = false;
        for (Secret token : tokens) {
            match |= token.matches(presented); // no short-circuit: constant work per request
        }
        return match;
    }

    private void scrape(HttpServerExchange exchange) {
        try {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE);
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        } catch (RuntimeException e) {
            Responses.internalError(exchange, ApiProtocol.OPENAI, e);
        }
    }
}
