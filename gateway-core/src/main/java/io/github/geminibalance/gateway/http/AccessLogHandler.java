package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.observe.GatewayObserver;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a request completes: one log line (method, path but never the query, which may hold a
 * {@code key}, model, the fingerprint of the pool key that served it, attempts, status, duration),
 * and for an API request a {@link RequestRecord} for the request log and the metrics.
 */
public final class AccessLogHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger("io.github.geminibalance.access");

    private final HttpHandler next;
    private final GatewayObserver observer;

    public AccessLogHandler(HttpHandler next, GatewayObserver observer) {
        this.next = next;
        this.observer = observer;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        Instant arrived = Instant.now();
        RequestLogContext context = RequestLogContext.of(exchange);
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                long nanos = System.nanoTime() - start;
                if (log.isInfoEnabled()) {
                    long micros = nanos / 1000;
                    log.info("{} {} model={} key={} attempts={} status={} duration={}.{}ms",
                            done.getRequestMethod(), done.getRequestPath(), context.model(), context.keyFingerprint(),
                            context.attempts(), done.getStatusCode(), micros / 1000, String.format("%03d", micros % 1000));
                }
                context.route().ifPresent(route -> observer.requestEnded(new RequestRecord(arrived, route,
                        context.isAuthenticated(), context.model(), context.keyFingerprint(), context.attempts(),
                        done.getStatusCode(), Duration.ofNanos(nanos), isEventStream(done), done.getResponseBytesSent(),
                        context.tokens())));
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    private static boolean isEventStream(HttpServerExchange exchange) {
        String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        return type != null && type.startsWith("text/event-stream");
    }
}
