package io.github.geminibalance.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request when it completes: method, path (never the query, which may hold a
 * {@code key}), model, the fingerprint of the pool key that served it, attempts, status, duration.
 */
public final class AccessLogHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger("io.github.geminibalance.access");

    private final HttpHandler next;

    public AccessLogHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        RequestLogContext context = RequestLogContext.of(exchange);
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            if (log.isInfoEnabled()) {
                long micros = (System.nanoTime() - start) / 1000;
                log.info("{} {} model={} key={} attempts={} status={} duration={}.{}ms",
                        done.getRequestMethod(), done.getRequestPath(), context.model(), context.keyFingerprint(),
                        context.attempts(), done.getStatusCode(), micros / 1000, String.format("%03d", micros % 1000));
            }
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }
}
