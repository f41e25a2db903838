package io.github.geminibalance.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.keys.KeyPool;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/**
 * {@code GET /v1/keys/list}: the original gateway's JSON shape,
 * {@code {"status":"success","data":{"valid_keys":{key:failCount},"invalid_keys":{...}},"total":N}},
 * with every key masked unless the admin asks for {@code ?reveal=true}.
 */
public final class KeyListHandler {

    private final KeyPool pool;
    private final ObjectMapper json;

    public KeyListHandler(KeyPool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public void handle(HttpServerExchange exchange) throws JsonProcessingException {
        Deque<String> reveal = exchange.getQueryParameters().get("reveal");
        boolean revealKeys = reveal != null && "true".equalsIgnoreCase(reveal.peekFirst());
        ObjectNode answer = json.createObjectNode().put("status", "success");
        ObjectNode data = answer.putObject("data");
        ObjectNode valid = data.putObject("valid_keys");
        ObjectNode invalid = data.putObject("invalid_keys");
        int total = 0;
        for (KeyStatus status : pool.snapshot().keys()) {
            String label = revealKeys ? status.key().value() : status.key().fingerprint();
            (status.usable() ? valid : invalid).put(label, status.failureCount());
            total++;
        }
        answer.put("total", total);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL, "no-store");
        Responses.json(exchange, 200, json.writeValueAsBytes(answer));
    }
}
