package io.github.geminibalance.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.admin.KeyVerifier.Verified;
import io.github.geminibalance.gateway.check.KeyChecker;
import io.github.geminibalance.gateway.check.KeyClass;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.RequestBodies;
import io.github.geminibalance.gateway.http.Responses;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: {@code GET /api/keys} (every key's state), {@code POST /api/keys/verify} (the key
 * checker's cheap probe, whose verdicts reset or kill keys) and {@code POST /api/keys/reset}. The
 * router lets only the admin token or an admin page's session through. Keys in answers and logs are fingerprints; only
 * {@code GET /api/keys?reveal=true} shows whole keys. Errors have OpenAI's shape, as on
 * {@code /v1/keys/list}.
 */
public final class AdminApi {

    /** The path of the key states; the other routes lie below it. */
    public static final String KEYS = "/api/keys";

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final ApiProtocol ERRORS = ApiProtocol.OPENAI;
    /** Enough for the fingerprints or whole keys of a pool of tens of thousands of keys. */
    private static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    private final InMemoryKeyPool pool;
    private final KeyVerifier verifier;
    private final ObjectMapper json;

    /** @param testModel {@code TEST_MODEL}, the model the checker's probe reads */
    public AdminApi(InMemoryKeyPool pool, KeyChecker checker, String testModel, ObjectMapper json) {
        this.pool = pool;
        this.verifier = new KeyVerifier(pool, checker, testModel);
        this.json = json;
    }

    /** Whether {@code path} belongs to the admin API (known route or not). */
    public static boolean serves(String path) {
        return path.equals(KEYS) || path.startsWith(KEYS + "/");
    }

    /** Answers an admin's request to a path that {@link #serves}. */
    public void handle(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        switch (path) {
            case KEYS -> {
                if (allowed(exchange, Methods.GET)) {
                    states(exchange);
                }
            }
            case KEYS + "/verify" -> {
                if (allowed(exchange, Methods.POST)) {
                    withSelection(exchange, this::verify);
                }
            }
            case KEYS + "/reset" -> {
                if (allowed(exchange, Methods.POST)) {
                    withSelection(exchange, this::reset);
                }
            }
            default -> Responses.error(exchange, ERRORS, 404, "Unknown route " + path);
        }
    }

    /** Whether the request uses {@code method}; if not, it has been answered 405. */
    static boolean allowed(HttpServerExchange exchange, HttpString method) {
        if (method.equals(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().put(Headers.ALLOW, method.toString());
        Responses.error(exchange, ERRORS, 405, "Use " + method);
        return false;
    }

    private void states(HttpServerExchange exchange) {
        Deque<String> reveal = exchange.getQueryParameters().get("reveal");
        boolean revealKeys = reveal != null && "true".equalsIgnoreCase(reveal.peekFirst());
        answer(exchange, KeyStates.render(json, pool.snapshot(), revealKeys));
    }

    private void withSelection(HttpServerExchange exchange, BiConsumer<HttpServerExchange, KeySelection> action) {
        RequestBodies.read(exchange, MAX_BODY_BYTES, ERRORS, body -> {
            KeySelection selection;
            try {
                selection = KeySelection.parse(json, body, pool.snapshot().keys().stream()
                        .map(KeyStatus::key).toList());
            } catch (KeySelection.Invalid e) {
                Responses.error(exchange, ERRORS, 400, e.getMessage());
                return;
            }
            action.accept(exchange, selection);
        });
    }

    private void verify(HttpServerExchange exchange, KeySelection selection) {
        verifier.verify(selection.keys()).whenComplete((verified, failure) -> exchange.getIoThread().execute(() -> {
            if (failure != null) {
                log.error("admin verify of {} keys failed", selection.keys().size(), failure);
                Responses.error(exchange, ERRORS, 500, "The verification failed");
                return;
            }
            ObjectNode answer = json.createObjectNode().put("checked", verified.size());
            ObjectNode counts = answer.putObject("counts");
            for (KeyClass klass : KeyClass.values()) {
                counts.put(klass.label(), verified.stream().filter(v -> v.result().klass() == klass).count());
            }
            ArrayNode results = answer.putArray("results");
            for (Verified one : verified) {
                results.addObject()
                        .put("key", one.result().key().fingerprint())
                        .put("class", one.result().klass().label())
                        .put("reason", one.result().reason())
                        .put("pool", one.action().label());
            }
            strings(answer.putArray("unknown"), selection.unknown());
            log.info("admin verified {} keys: {}", verified.size(), counts);
            answer(exchange, answer);
        }));
    }

    private void reset(HttpServerExchange exchange, KeySelection selection) {
        if (selection.all()) {
            pool.resetAll();
        } else {
            selection.keys().forEach(pool::reset);
        }
        ObjectNode answer = json.createObjectNode().put("count", selection.keys().size());
        strings(answer.putArray("reset"), selection.keys().stream().map(ApiKey::fingerprint).toList());
        strings(answer.putArray("unknown"), selection.unknown());
        log.info("admin reset {} keys{}", selection.keys().size(), selection.all() ? " (all)" : "");
        answer(exchange, answer);
    }

    private static void strings(ArrayNode into, Collection<String> values) {
        values.forEach(into::add);
    }

    private void answer(HttpServerExchange exchange, JsonNode body) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        Responses.json(exchange, 200, Json.bytes(json, body));
    }
}
