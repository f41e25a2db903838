package io.github.geminibalance.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.RequestBodies;
import io.github.geminibalance.gateway.http.Responses;
import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.github.geminibalance.gateway.state.CallStats;
import io.github.geminibalance.gateway.state.LogPage;
import io.github.geminibalance.gateway.state.LogPage.Logged;
import io.github.geminibalance.gateway.state.LogQuery;
import io.github.geminibalance.gateway.state.LogStore;
import io.github.geminibalance.gateway.state.StoreException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of the request and error logs and of the call statistics drawn from them:
 * <ul>
 *   <li>{@code GET /api/logs/requests} and {@code GET /api/logs/errors}: a page of rows, newest
 *       first, filtered by {@code since}, {@code until} (ISO-8601 instants), {@code model},
 *       {@code key} (part of a fingerprint), {@code status}, {@code route} or {@code class}, and
 *       {@code search} (part of an error message); paged by {@code limit} (1 to 1,000, default 50)
 *       and {@code offset};</li>
 *   <li>{@code GET /api/logs/errors/{id}}: one error with the request body, when it was recorded;</li>
 *   <li>{@code DELETE} on either log with a body {@code {"ids": [...]}}, {@code {"before": instant}}
 *       or {@code {"all": true}}, and on {@code /api/logs/errors/{id}}: answers how many rows went;</li>
 *   <li>{@code GET /api/stats}: calls of the last minute, hour and day, the day's calls by model
 *       and by key, and the keys with the most 429s ({@code top} of each, default 10).</li>
 * </ul>
 * The store blocks, so every call runs on a worker thread. Errors have OpenAI's shape, as on the
 * rest of the admin API.
 */
public final class LogsApi {

    public static final String LOGS = "/api/logs";
    public static final String STATS = "/api/stats";

    private static final Logger log = LoggerFactory.getLogger(LogsApi.class);
    private static final ApiProtocol ERRORS = ApiProtocol.OPENAI;
    private static final String REQUESTS = LOGS + "/requests";
    private static final String ERROR_LOG = LOGS + "/errors";
    private static final int DEFAULT_LIMIT = 50;
    private static final int DEFAULT_TOP = 10;
    private static final int MAX_TOP = 100;
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final String SELECTIONS = "send {\"ids\": [...]}, {\"before\": \"<instant>\"} or {\"all\": true}";
    /** Later than any row: what "delete all" deletes before. */
    private static final Instant END_OF_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final Optional<LogStore> store;
    private final ObjectMapper json;
    private final Clock clock;

    /** @param store the logs; empty when none are kept ({@code DATABASE_TYPE=none}, or the file cannot be opened) */
    public LogsApi(Optional<LogStore> store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** Whether {@code path} belongs to this API (known route or not). */
    public static boolean serves(String path) {
        return path.equals(LOGS) || path.startsWith(LOGS + "/") || path.equals(STATS);
    }

    /** Answers an admin's request to a path that {@link #serves}. */
    public void handle(HttpServerExchange exchange) {
        if (store.isEmpty()) {
            Responses.error(exchange, ERRORS, 503,
                    "No logs are kept: DATABASE_TYPE is none, or the database could not be opened (see the gateway's log)");
            return;
        }
        LogStore logs = store.get();
        String path = exchange.getRequestPath();
        boolean get = Methods.GET.equals(exchange.getRequestMethod());
        boolean delete = Methods.DELETE.equals(exchange.getRequestMethod());
        if (path.equals(STATS)) {
            if (AdminApi.allowed(exchange, Methods.GET)) {
                blocking(exchange, () -> stats(logs, exchange));
            }
        } else if (path.equals(REQUESTS) || path.equals(ERROR_LOG)) {
            LogStore.Log which = path.equals(REQUESTS) ? LogStore.Log.REQUESTS : LogStore.Log.ERRORS;
            if (get) {
                blocking(exchange, () -> list(logs, which, exchange));
            } else if (delete) {
                RequestBodies.read(exchange, MAX_BODY_BYTES, ERRORS, body -> blocking(exchange, () -> delete(logs, which, body)));
            } else {
                notAllowed(exchange);
            }
        } else if (path.startsWith(ERROR_LOG + "/")) {
            Optional<Long> id = id(path.substring(ERROR_LOG.length() + 1));
            if (id.isEmpty()) {
                Responses.error(exchange, ERRORS, 404, "Unknown route " + path);
            } else if (get) {
                blocking(exchange, () -> oneError(logs, id.get()));
            } else if (delete) {
                blocking(exchange, () -> deleteOne(logs, id.get()));
            } else {
                notAllowed(exchange);
            }
        } else {
            Responses.error(exchange, ERRORS, 404, "Unknown route " + path);
        }
    }

    private static void notAllowed(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET, DELETE");
        Responses.error(exchange, ERRORS, 405, "Use GET or DELETE");
    }

    /** What a call answers: a body, or a refusal's status and message. */
    private record Answer(JsonNode body, int status, String refusal) {
        static Answer ok(JsonNode body) {
            return new Answer(body, 200, null);
        }

        static Answer refused(int status, String message) {
            return new Answer(null, status, message);
        }
    }

    private interface StoreCall {
        Answer run() throws StoreException;
    }

    /** Runs {@code call} on a worker thread and sends what it answers. */
    private void blocking(HttpServerExchange exchange, StoreCall call) {
        exchange.dispatch(() -> {
            Answer answer;
            try {
                answer = call.run();
            } catch (StoreException e) {
                log.warn("admin log request failed: {}", e.getMessage());
                Responses.error(exchange, ERRORS, 503, "The log store cannot be read or written right now");
                return;
            } catch (IllegalArgumentException e) {
                Responses.error(exchange, ERRORS, 400, e.getMessage());
                return;
            }
            if (answer.refusal() != null) {
                Responses.error(exchange, ERRORS, answer.status(), answer.refusal());
                return;
            }
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            Responses.json(exchange, 200, Json.bytes(json, answer.body()));
        });
    }

    private Answer list(LogStore logs, LogStore.Log which, HttpServerExchange exchange) throws StoreException {
        LogQuery query = query(exchange, which);
        ObjectNode body = json.createObjectNode();
        if (which == LogStore.Log.REQUESTS) {
            LogPage<RequestRecord> page = logs.requests(query);
            body.put("total", page.total());
            ArrayNode rows = body.putArray("logs");
            page.rows().forEach(row -> rows.add(request(row)));
        } else {
            LogPage<AttemptRecord> page = logs.errors(query);
            body.put("total", page.total());
            ArrayNode rows = body.putArray("logs");
            page.rows().forEach(row -> rows.add(error(row)));
        }
        return Answer.ok(body);
    }

    private LogQuery query(HttpServerExchange exchange, LogStore.Log which) {
        int limit = number(exchange, "limit", DEFAULT_LIMIT, 1, LogQuery.MAX_LIMIT);
        long offset = number(exchange, "offset", 0, 0, Integer.MAX_VALUE);
        return new LogQuery(instant(exchange, "since"), instant(exchange, "until"), text(exchange, "model"),
                text(exchange, "key"), text(exchange, "status").map(value -> number("status", value, 100, 599)),
                text(exchange, which == LogStore.Log.REQUESTS ? "route" : "class"), text(exchange, "search"),
                limit, offset);
    }

    private Answer oneError(LogStore logs, long id) throws StoreException {
        Optional<Logged<AttemptRecord>> found = logs.error(id);
        if (found.isEmpty()) {
            return Answer.refused(404, "No error log row " + id);
        }
        ObjectNode row = error(found.get());
        byte[] body = found.get().record().requestBody();
        row.put("request_body", body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
        return Answer.ok(row);
    }

    private Answer deleteOne(LogStore logs, long id) throws StoreException {
        long deleted = logs.delete(LogStore.Log.ERRORS, List.of(id));
        if (deleted == 0) {
            return Answer.refused(404, "No error log row " + id);
        }
        return Answer.ok(json.createObjectNode().put("deleted", deleted));
    }

    /** Deletes what the body selects: {@code {"ids": [...]}}, {@code {"before": instant}} or {@code {"all": true}}. */
    private Answer delete(LogStore logs, LogStore.Log which, byte[] body) throws StoreException {
        JsonNode selection;
        try {
            selection = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not JSON: " + SELECTIONS);
        }
        long deleted;
        if (selection != null && selection.path("ids").isArray()) {
            List<Long> ids = new ArrayList<>();
            for (JsonNode id : selection.get("ids")) {
                if (!id.canConvertToLong() || !id.isIntegralNumber()) {
                    throw new IllegalArgumentException("ids must be whole numbers");
                }
                ids.add(id.asLong());
            }
            deleted = logs.delete(which, ids);
        } else if (selection != null && selection.path("before").isTextual()) {
            deleted = logs.deleteBefore(which, parseInstant("before", selection.get("before").asText()));
        } else if (selection != null && selection.path("all").asBoolean(false)) {
            deleted = logs.deleteBefore(which, END_OF_TIME);
        } else {
            throw new IllegalArgumentException("Say which rows to delete: " + SELECTIONS);
        }
        log.info("admin deleted {} {} log rows", deleted, which == LogStore.Log.REQUESTS ? "request" : "error");
        return Answer.ok(json.createObjectNode().put("deleted", deleted));
    }

    private Answer stats(LogStore logs, HttpServerExchange exchange) throws StoreException {
        int top = number(exchange, "top", DEFAULT_TOP, 1, MAX_TOP);
        CallStats stats = logs.stats(clock.instant(), top);
        ObjectNode body = json.createObjectNode().put("at", stats.at().toString());
        ObjectNode calls = body.putObject("calls");
        calls.set("last_minute", counts(stats.lastMinute()));
        calls.set("last_hour", counts(stats.lastHour()));
        calls.set("last_day", counts(stats.lastDay()));
        body.set("by_model", ranking(stats.byModel(), "model", "calls"));
        body.set("by_key", ranking(stats.byKey(), "key", "calls"));
        body.set("most_rate_limited_keys", ranking(stats.mostRateLimited(), "key", "rate_limited"));
        return Answer.ok(body);
    }

    private ObjectNode counts(CallStats.Counts counts) {
        return json.createObjectNode().put("calls", counts.calls()).put("failures", counts.failures());
    }

    private ArrayNode ranking(List<CallStats.Named> ranking, String name, String countName) {
        ArrayNode rows = json.createArrayNode();
        for (CallStats.Named named : ranking) {
            ObjectNode row = rows.addObject().put(name, named.name()).put(countName, named.counts().calls());
            if (countName.equals("calls")) {
                row.put("failures", named.counts().failures());
            }
        }
        return rows;
    }

    private ObjectNode request(Logged<RequestRecord> row) {
        RequestRecord record = row.record();
        ObjectNode node = json.createObjectNode()
                .put("id", row.id())
                .put("time", record.time().toString())
                .put("route", record.route())
                .put("model", record.model())
                .put("key", record.keyFingerprint())
                .put("attempts", record.attempts())
                .put("status", record.status())
                .put("latency_ms", record.latency().toMillis())
                .put("stream", record.stream())
                .put("bytes_sent", record.bytesSent());
        record.tokens().ifPresentOrElse(tokens -> node.putObject("tokens")
                        .put("prompt", tokens.prompt()).put("completion", tokens.completion()).put("total", tokens.total()),
                () -> node.putNull("tokens"));
        return node;
    }

    private ObjectNode error(Logged<AttemptRecord> row) {
        AttemptRecord record = row.record();
        return json.createObjectNode()
                .put("id", row.id())
                .put("time", record.time().toString())
                .put("key", record.keyFingerprint())
                .put("model", record.model())
                .put("class", record.outcome())
                .put("upstream_status", record.upstreamStatus())
                .put("message", record.message())
                .put("latency_ms", record.latency().toMillis());
    }

    private static Optional<String> text(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() || values.peekFirst().isEmpty()
                ? Optional.empty() : Optional.of(values.peekFirst());
    }

    private static int number(HttpServerExchange exchange, String name, int fallback, int min, int max) {
        return text(exchange, name).map(value -> number(name, value, min, max)).orElse(fallback);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    private static Optional<Instant> instant(HttpServerExchange exchange, String name) {
        return text(exchange, name).map(value -> parseInstant(name, value));
    }

    private static Instant parseInstant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-26T18:00:00Z");
        }
    }

    private static Optional<Long> id(String text) {
        try {
            return Optional.of(Long.parseLong(text)).filter(id -> id > 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
