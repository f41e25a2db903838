package io.github.geminibalance.gateway.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Complete responses sent from the exchange's own thread (handlers and body callbacks). */
public final class Responses {

    private Responses() {}

    public static void json(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    public static void error(HttpServerExchange exchange, ApiProtocol protocol, int status, String message) {
        json(exchange, status, ErrorBodies.render(protocol, status, message));
    }
}
