package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Complete responses sent from the exchange's own thread (handlers and body callbacks). */
public final class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private Responses() {}

    public static void json(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** A complete response with its own status and headers. */
    public static void send(HttpServerExchange exchange, CapturedResponse response) {
        exchange.setStatusCode(response.status());
        for (Map.Entry<String, String> header : response.headers()) {
            exchange.getResponseHeaders().put(HttpString.tryFromString(header.getKey()), header.getValue());
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
    }

    /** An error in the shape {@code errors} renders. */
    public static void error(HttpServerExchange exchange, ErrorRenderer errors, int status, String message) {
        send(exchange, errors.render(status, message));
    }

    /**
     * A bug met while serving: logged with its stack trace, and answered with a 500 in the shape
     * {@code errors} renders, or the response cut short when it had begun; never a hung exchange.
     */
    public static void internalError(HttpServerExchange exchange, ErrorRenderer errors, Throwable bug) {
        log.error("unexpected failure on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), bug);
        if (!exchange.isResponseStarted()) {
            error(exchange, errors, 500, "Internal gateway error");
        } else {
            exchange.endExchange();
        }
    }
}
