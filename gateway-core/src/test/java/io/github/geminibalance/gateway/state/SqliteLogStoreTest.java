package io.github.geminibalance.gateway.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.github.geminibalance.gateway.observe.TokenUsage;
import io.github.geminibalance.gateway.state.CallStats.Counts;
import io.github.geminibalance.gateway.state.CallStats.Named;
import io.github.geminibalance.gateway.state.LogPage.Logged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLogStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");
    private static final String CHAT = "/v1/chat/completions";
    private static final String GENERATE = "/v1beta/models/{model}:generateContent";

    @TempDir
    Path dir;

    @Test
    void requestsComeBackAsWrittenNewestFirstFilteredAndPaged() throws Exception {
        RequestRecord old = request(NOW.minus(Duration.ofHours(2)), CHAT, "gemini-2.5-flash", "AIzaSy...aaaa", 200);
        RequestRecord failed = request(NOW.minus(Duration.ofMinutes(30)), GENERATE, "gemini-2.5-pro", "AIzaSy...bbbb", 429);
        RequestRecord recent = new RequestRecord(NOW.minusSeconds(5), CHAT, true, "gemini-2.5-flash", "AIzaSy...bbbb", 2, 200,
                Duration.ofMillis(1234), true, 5_678, Optional.of(new TokenUsage(10, 20, 30)));
        try (SqliteLogStore store = new SqliteLogStore(dir.resolve("logs.db"))) {
            store.append(List.of(old, failed, recent), List.of());

            LogPage<RequestRecord> all = store.requests(LogQuery.newest(10));
            assertEquals(3, all.total());
            assertEquals(List.of(recent, failed, old), records(all));

            assertEquals(List.of(recent, old), records(store.requests(query(q -> q.model = "gemini-2.5-flash"))));
            assertEquals(List.of(recent, failed), records(store.requests(query(q -> q.key = "bbbb"))));
            assertEquals(List.of(failed), records(store.requests(query(q -> q.status = 429))));
            assertEquals(List.of(failed), records(store.requests(query(q -> q.kind = GENERATE))));
            assertEquals(List.of(failed, old), records(store.requests(query(q -> q.until = NOW.minusSeconds(60)))));
            assertEquals(List.of(recent, failed), records(store.requests(query(q -> q.since = NOW.minus(Duration.ofHours(1))))));

            LogPage<RequestRecord> second = store.requests(query(q -> {
                q.limit = 1;
                q.offset = 1;
            }));
            assertEquals(3, second.total(), "the total counts every page");
            assertEquals(List.of(failed), records(second));
        }
    }

    @Test
    void errorsKeepTheirBodyForTheDetailViewOnly() throws Exception {
        byte[] body = "{\"contents\":[{\"parts\":[{\"text\":\"héllo\"}]}]}".getBytes(StandardCharsets.UTF_8);
        AttemptRecord withBody = error(NOW.minusSeconds(10), "AIzaSy...aaaa", "cooling", 429, "rate limited: quota", body);
        AttemptRecord without = error(NOW.minusSeconds(5), "AIzaSy...bbbb", "dead", 400, "invalid API key", new byte[0]);
        try (SqliteLogStore store = new SqliteLogStore(dir.resolve("logs.db"))) {
            store.append(List.of(), List.of(withBody, without));

            LogPage<AttemptRecord> page = store.errors(LogQuery.newest(10));
            assertEquals(2, page.total());
            assertEquals(List.of(view(without), view(withoutBody(withBody))), views(page), "listings leave the body out");
            assertEquals(List.of(view(without)), views(store.errors(query(q -> q.kind = "dead"))));
            assertEquals(List.of(view(withoutBody(withBody))), views(store.errors(query(q -> q.status = 429))));
            assertEquals(List.of(view(withoutBody(withBody))), views(store.errors(query(q -> q.text = "quota"))),
                    "searched in the message");

            long id = page.rows().get(1).id();
            AttemptRecord detail = store.error(id).orElseThrow().record();
            assertEquals(view(withBody), view(detail));
            assertArrayEquals(body, detail.requestBody());
            assertTrue(store.error(id + 100).isEmpty());
        }
    }

    @Test
    void rowsAreDeletedByIdAndByAge() throws Exception {
        try (SqliteLogStore store = new SqliteLogStore(dir.resolve("logs.db"))) {
            List<RequestRecord> requests = new ArrayList<>();
            for (int day = 0; day < 12; day++) {
                requests.add(request(NOW.minus(Duration.ofDays(day)), CHAT, "m", "k", 200));
            }
            store.append(requests, List.of(error(NOW, "k", "transient", 500, "HTTP 500", new byte[0])));

            assertEquals(4, store.deleteBefore(LogStore.Log.REQUESTS, NOW.minus(Duration.ofDays(7)).minusSeconds(1)),
                    "the rows of days 8 to 11, strictly older");
            assertEquals(8, store.requests(LogQuery.newest(100)).total());
            List<Long> ids = store.requests(LogQuery.newest(2)).rows().stream().map(Logged::id).toList();
            assertEquals(2, store.delete(LogStore.Log.REQUESTS, List.of(ids.get(0), ids.get(1), 999_999L)),
                    "an id that is not there counts nothing");
            assertEquals(6, store.requests(LogQuery.newest(100)).total());
            assertEquals(1, store.errors(LogQuery.newest(100)).total(), "the other log is untouched");
        }
    }

    @Test
    void statsCountTheLastMinuteHourAndDayAndRankModelsKeysAndRateLimits() throws Exception {
        try (SqliteLogStore store = new SqliteLogStore(dir.resolve("logs.db"))) {
            store.append(List.of(
                    request(NOW.minusSeconds(10), CHAT, "flash", "key-a", 200),
                    request(NOW.minusSeconds(20), CHAT, "flash", "key-b", 500),
                    request(NOW.minus(Duration.ofMinutes(10)), CHAT, "pro", "key-a", 200),
                    request(NOW.minus(Duration.ofHours(5)), CHAT, "flash", "key-a", 429),
                    request(NOW.minus(Duration.ofDays(2)), CHAT, "flash", "key-c", 200)), List.of(
                    error(NOW.minusSeconds(30), "key-b", "cooling", 429, "rate limited", new byte[0]),
                    error(NOW.minusSeconds(40), "key-b", "cooling", 429, "rate limited", new byte[0]),
                    error(NOW.minusSeconds(50), "key-a", "cooling", 429, "rate limited", new byte[0]),
                    error(NOW.minusSeconds(60), "key-a", "transient", 500, "HTTP 500", new byte[0])));

            CallStats stats = store.stats(NOW, 10);

            assertEquals(new Counts(2, 1), stats.lastMinute());
            assertEquals(new Counts(3, 1), stats.lastHour());
            assertEquals(new Counts(4, 2), stats.lastDay());
            assertEquals(List.of(new Named("flash", new Counts(3, 2)), new Named("pro", new Counts(1, 0))), stats.byModel());
            assertEquals(List.of(new Named("key-a", new Counts(3, 1)), new Named("key-b", new Counts(1, 1))), stats.byKey());
            assertEquals(List.of(new Named("key-b", new Counts(2, 2)), new Named("key-a", new Counts(1, 1))),
                    stats.mostRateLimited());
            assertEquals(1, store.stats(NOW, 1).byModel().size(), "top bounds each ranking");
        }
    }

    @Test
    void aKeyStateFileOfSchemaOneGainsTheLogsAndKeepsItsStates() throws Exception {
        Path file = dir.resolve("state.db");
        ApiKey key = ApiKey.of("AIzaSyLogStoreTestKey00000000000000000000");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = sqlite.createStatement()) { // the file the first release wrote
            statement.execute("CREATE TABLE key_state (key_hash TEXT PRIMARY KEY, health TEXT NOT NULL, "
                    + "failure_count INTEGER NOT NULL, last_error TEXT, cooling_until TEXT NOT NULL, "
                    + "exhausted_until TEXT NOT NULL, updated_at TEXT NOT NULL)");
            statement.execute("INSERT INTO key_state VALUES ('" + KeyHashes.of(key) + "', 'DEAD', 0, 'invalid API key', "
                    + "'{}', '{}', '2026-11-01T00:00:00Z')");
            statement.execute("PRAGMA user_version = 1");
        }

        try (SqliteLogStore logs = new SqliteLogStore(file)) {
            logs.append(List.of(request(NOW, CHAT, "m", "k", 200)), List.of());
            assertEquals(1, logs.requests(LogQuery.newest(1)).total());
        }
        try (SqliteKeyStateStore states = new SqliteKeyStateStore(file, Json.newMapper())) {
            assertEquals(List.of(new KeyStatus(key, Health.DEAD, 0, "invalid API key", Map.of(), Map.of())),
                    states.load(List.of(key)));
        }
    }

    private static RequestRecord request(Instant time, String route, String model, String key, int status) {
        return new RequestRecord(time, route, true, model, key, 1, status, Duration.ofMillis(42), false, 100, Optional.empty());
    }

    private static AttemptRecord error(Instant time, String key, String outcome, int status, String message, byte[] body) {
        return new AttemptRecord(time, key, "gemini-2.5-flash", outcome, status, message, Duration.ofMillis(7), body);
    }

    private static AttemptRecord withoutBody(AttemptRecord record) {
        return new AttemptRecord(record.time(), record.keyFingerprint(), record.model(), record.outcome(),
                record.upstreamStatus(), record.message(), record.latency(), new byte[0]);
    }

    /** An error row's fields, with its body as text: records compare arrays by identity. */
    private static List<Object> view(AttemptRecord record) {
        return List.of(record.time(), record.keyFingerprint(), record.model(), record.outcome(), record.upstreamStatus(),
                record.message(), record.latency(), new String(record.requestBody(), StandardCharsets.UTF_8));
    }

    private static List<List<Object>> views(LogPage<AttemptRecord> page) {
        return page.rows().stream().map(row -> view(row.record())).toList();
    }

    private static <T> List<T> records(LogPage<T> page) {
        return page.rows().stream().map(Logged::record).toList();
    }

    /** A query with some filters set. */
    private static LogQuery query(java.util.function.Consumer<QueryBuilder> filters) {
        QueryBuilder builder = new QueryBuilder();
        filters.accept(builder);
        return new LogQuery(Optional.ofNullable(builder.since), Optional.ofNullable(builder.until),
                Optional.ofNullable(builder.model), Optional.ofNullable(builder.key), Optional.ofNullable(builder.status),
                Optional.ofNullable(builder.kind), Optional.ofNullable(builder.text), builder.limit, builder.offset);
    }

    private static final class QueryBuilder {
        Instant since;
        Instant until;
        String model;
        String key;
        Integer status;
        String kind;
        String text;
        int limit = 100;
        long offset;
    }
}
