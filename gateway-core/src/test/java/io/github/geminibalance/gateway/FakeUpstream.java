package io.github.geminibalance.gateway;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;

/**
 * An upstream written for streaming tests: unlike MockServer, it writes a response piece by piece
 * with pauses, cuts connections, and notices when the gateway hangs up. Each test scripts it.
 */
public final class FakeUpstream implements AutoCloseable {

    /** What the upstream does with one request, on a blocking worker thread. */
    @FunctionalInterface
    public interface Script {
        void answer(Call call) throws Exception;
    }

    /** One request as the script sees it. */
    public static final class Call {
        private final HttpServerExchange exchange;

        Call(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        public String key() {
            return exchange.getRequestHeaders().getFirst("x-goog-api-key");
        }

        public String path() {
            return exchange.getRequestPath();
        }

        public void status(int status, String contentType) {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, contentType);
        }

        /** Writes and flushes, so the gateway sees these bytes now. */
        public void send(String text) throws IOException {
            OutputStream out = exchange.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Cuts the connection without ending the response properly. */
        public void cut() {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private final Undertow server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Script script = call -> call.status(404, "application/json");

    public FakeUpstream() {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(new BlockingHandler(exchange -> {
                    requests.incrementAndGet();
                    script.answer(new Call(exchange));
                }))
                .build();
        server.start();
    }

    public void script(Script script) {
        this.script = script;
    }

    public int requests() {
        return requests.get();
    }

    /** The base URL to configure as {@code BASE_URL}. */
    public String baseUrl() {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return "http://127.0.0.1:" + port + "/v1beta";
    }

    @Override
    public void close() {
        server.stop();
    }
}
