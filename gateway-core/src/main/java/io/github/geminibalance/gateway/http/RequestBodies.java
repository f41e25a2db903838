package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.util.function.Consumer;

/**
 * Reads a request body without blocking, refusing one above the limit with 413 before it is
 * buffered: at once when {@code Content-Length} says so, otherwise as soon as the limit is crossed.
 */
public final class RequestBodies {

    private RequestBodies() {}

    /**
     * Reads the body, then runs {@code then} with it; a body that is too large or cannot be read
     * gets an error shaped by {@code errors}.
     */
    public static void read(HttpServerExchange exchange, long limit, ErrorRenderer errors, Consumer<byte[]> then) {
        String declared = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > limit) {
            tooLarge(exchange, limit, errors);
            return;
        }
        exchange.setMaxEntitySize(limit);
        // Dispatching keeps the exchange open after the handler returns, until the response ends.
        // The body callback dispatches again: when the body arrives later, Undertow runs the
        // callback as a root handler and would end the exchange as soon as it returned, while
        // the upstream call it started is still under way.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> handle(ex, errors, then, body)),
                (ex, error) -> {
                    if (error instanceof RequestTooBigException) {
                        tooLarge(ex, limit, errors);
                    } else {
                        Responses.error(ex, errors, 400, "The request body could not be read");
                    }
                }));
    }

    /**
     * Runs the handler; a bug in it is logged and answered with a 500, since a callback's exception
     * would otherwise leave the client waiting on an exchange no one will end.
     */
    private static void handle(HttpServerExchange exchange, ErrorRenderer errors, Consumer<byte[]> then, byte[] body) {
        try {
            then.accept(body);
        } catch (RuntimeException e) {
            Responses.internalError(exchange, errors, e);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void tooLarge(HttpServerExchange exchange, long limit, ErrorRenderer errors) {
        exchange.setPersistent(false); // the unread body must not be taken for the next request
        Responses.error(exchange, errors, 413,
                "The request body is larger than the limit of " + limit / (1024 * 1024) + " MiB");
    }
}
