package io.github.geminibalance.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny Chrome DevTools protocol client over {@link java.net.http.WebSocket}, for the browser
 * tests: {@link #call} sends {@code {id, method, params}} and waits, bounded, for the answer with
 * that id. Events are ignored; the tests poll the page instead.
 */
final class DevToolsClient implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Throwable closedBy;

    private DevToolsClient(HttpClient http, URI webSocketUrl) throws Exception {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(webSocketUrl, new Listener()).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Connects to a page's {@code webSocketDebuggerUrl}. */
    static DevToolsClient connect(HttpClient http, URI webSocketUrl) throws Exception {
        return new DevToolsClient(http, webSocketUrl);
    }

    /** Sends a command and returns its {@code result}; a protocol error or a timeout throws. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            if (closedBy != null) {
                throw new IOException("DevTools connection closed", closedBy);
            }
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", params == null ? JSON.createObjectNode() : params);
            socket.sendText(JSON.writeValueAsString(message), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply;
            try {
                reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException(method + ": no answer within " + CALL_TIMEOUT);
            } catch (ExecutionException e) {
                throw new IOException(method + ": " + e.getCause().getMessage(), e.getCause());
            }
            if (reply.has("error")) {
                throw new DevToolsError(method + ": " + reply.get("error"));
            }
            return reply.path("result");
        } finally {
            pending.remove(id);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** An error answer from the browser, such as an evaluation in a context that navigation destroyed. */
    static final class DevToolsError extends Exception {
        DevToolsError(String message) {
            super(message);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    JsonNode id = node.get("id");
                    if (id != null) {
                        CompletableFuture<JsonNode> waiting = pending.get(id.asInt());
                        if (waiting != null) {
                            waiting.complete(node);
                        }
                    }
                } catch (IOException e) {
                    failAll(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IOException("closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(error);
        }

        private void failAll(Throwable error) {
            closedBy = error;
            pending.values().forEach(waiting -> waiting.completeExceptionally(error));
        }
    }
}
