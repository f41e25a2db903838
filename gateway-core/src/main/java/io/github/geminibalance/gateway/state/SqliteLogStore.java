package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.github.geminibalance.gateway.observe.TokenUsage;
import io.github.geminibalance.gateway.state.CallStats.Counts;
import io.github.geminibalance.gateway.state.CallStats.Named;
import io.github.geminibalance.gateway.state.LogPage.Logged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The request and error logs in the gateway's {@link SqliteDatabase SQLite file}. Times are stored
 * as epoch milliseconds, so that the time ranges of listings, statistics and retention use the
 * index. Writes and reads go through connections of their own: in WAL mode a long listing never
 * holds up the writer, nor the writer a listing.
 */
public final class SqliteLogStore implements LogStore {

    /** Retention deletes this many rows per transaction, so that the key-state writer is never locked out for long. */
    private static final int DELETE_CHUNK = 5_000;
    private static final String REQUEST_COLUMNS = "id, time, route, model, key_fingerprint, attempts, status, "
            + "latency_ms, stream, bytes_sent, prompt_tokens, completion_tokens, total_tokens";
    private static final String ERROR_COLUMNS = "id, time, key_fingerprint, model, class, upstream_status, message, latency_ms";
    private static final byte[] NO_BODY = new byte[0];

    private final Connection writer;
    private final Connection reader;

    /** Opens (creating when needed) the database file and brings its schema up to date. */
    public SqliteLogStore(Path file) throws StoreException {
        this.writer = SqliteDatabase.connect(file);
        try {
            this.reader = SqliteDatabase.connect(file);
        } catch (StoreException e) {
            SqliteDatabase.close(writer);
            throw e;
        }
    }

    @Override
    public void append(List<RequestRecord> requests, List<AttemptRecord> errors) throws StoreException {
        synchronized (writer) {
            try (PreparedStatement request = writer.prepareStatement("INSERT INTO request_log (time, route, model, "
                    + "key_fingerprint, attempts, status, latency_ms, stream, bytes_sent, prompt_tokens, completion_tokens, "
                    + "total_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement error = writer.prepareStatement("INSERT INTO error_log (time, key_fingerprint, "
                            + "model, class, upstream_status, message, latency_ms, request_body) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RequestRecord record : requests) {
                    bindRequest(request, record);
                    request.addBatch();
                }
                for (AttemptRecord record : errors) {
                    bindError(error, record);
                    error.addBatch();
                }
                request.executeBatch();
                error.executeBatch();
                writer.commit();
            } catch (SQLException e) {
                SqliteDatabase.rollback(writer);
                throw new StoreException("cannot write log records: " + e.getMessage(), e);
            }
        }
    }

    private static void bindRequest(PreparedStatement statement, RequestRecord record) throws SQLException {
        statement.setLong(1, record.time().toEpochMilli());
        statement.setString(2, record.route());
        statement.setString(3, record.model());
        statement.setString(4, record.keyFingerprint());
        statement.setInt(5, record.attempts());
        statement.setInt(6, record.status());
        statement.setLong(7, record.latency().toMillis());
        statement.setInt(8, record.stream() ? 1 : 0);
        statement.setLong(9, record.bytesSent());
        Optional<TokenUsage> tokens = record.tokens();
        setOptionalInt(statement, 10, tokens.map(TokenUsage::prompt));
        setOptionalInt(statement, 11, tokens.map(TokenUsage::completion));
        setOptionalInt(statement, 12, tokens.map(TokenUsage::total));
    }

    private static void setOptionalInt(PreparedStatement statement, int index, Optional<Integer> value) throws SQLException {
        if (value.isPresent()) {
            statement.setInt(index, value.get());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    private static void bindError(PreparedStatement statement, AttemptRecord record) throws SQLException {
        statement.setLong(1, record.time().toEpochMilli());
        statement.setString(2, record.keyFingerprint());
        statement.setString(3, record.model());
        statement.setString(4, record.outcome());
        statement.setInt(5, record.upstreamStatus());
        statement.setString(6, record.message());
        statement.setLong(7, record.latency().toMillis());
        if (record.requestBody().length == 0) {
            statement.setNull(8, Types.VARCHAR);
        } else {
            statement.setString(8, new String(record.requestBody(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public LogPage<RequestRecord> requests(LogQuery query) throws StoreException {
        Filter filter = Filter.of(query, "route", "status", null);
        return page("request_log", REQUEST_COLUMNS, filter, query, SqliteLogStore::request);
    }

    @Override
    public LogPage<AttemptRecord> errors(LogQuery query) throws StoreException {
        Filter filter = Filter.of(query, "class", "upstream_status", "message");
        return page("error_log", ERROR_COLUMNS, filter, query, rows -> error(rows, NO_BODY));
    }

    @Override
    public Optional<Logged<AttemptRecord>> error(long id) throws StoreException {
        synchronized (reader) {
            try (PreparedStatement statement = reader.prepareStatement(
                    "SELECT " + ERROR_COLUMNS + ", request_body FROM error_log WHERE id = ?")) {
                statement.setLong(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    Optional<Logged<AttemptRecord>> found = Optional.empty();
                    if (rows.next()) {
                        String body = rows.getString(9);
                        found = Optional.of(error(rows, body == null ? NO_BODY : body.getBytes(StandardCharsets.UTF_8)));
                    }
                    reader.commit();
                    return found;
                }
            } catch (SQLException e) {
                SqliteDatabase.rollback(reader);
                throw new StoreException("cannot read the error log: " + e.getMessage(), e);
            }
        }
    }

    private <T> LogPage<T> page(String table, String columns, Filter filter, LogQuery query, RowReader<T> read)
            throws StoreException {
        synchronized (reader) {
            try {
                long total;
                try (PreparedStatement count = filter.prepare(reader, "SELECT COUNT(*) FROM " + table, "")) {
                    try (ResultSet rows = count.executeQuery()) {
                        total = rows.getLong(1);
                    }
                }
                List<Logged<T>> page = new ArrayList<>();
                try (PreparedStatement select = filter.prepare(reader, "SELECT " + columns + " FROM " + table,
                        " ORDER BY id DESC LIMIT " + query.limit() + " OFFSET " + query.offset())) {
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            page.add(read.read(rows));
                        }
                    }
                }
                reader.commit();
                return new LogPage<>(total, page);
            } catch (SQLException e) {
                SqliteDatabase.rollback(reader);
                throw new StoreException("cannot read the " + table.replace('_', ' ') + ": " + e.getMessage(), e);
            }
        }
    }

    private static Logged<RequestRecord> request(ResultSet rows) throws SQLException {
        Optional<TokenUsage> tokens = rows.getObject(11) == null ? Optional.empty()
                : Optional.of(new TokenUsage(rows.getInt(11), rows.getInt(12), rows.getInt(13)));
        return new Logged<>(rows.getLong(1), new RequestRecord(Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                true, rows.getString(4), rows.getString(5), rows.getInt(6), rows.getInt(7), Duration.ofMillis(rows.getLong(8)),
                rows.getInt(9) != 0, rows.getLong(10), tokens));
    }

    private static Logged<AttemptRecord> error(ResultSet rows, byte[] body) throws SQLException {
        return new Logged<>(rows.getLong(1), new AttemptRecord(Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                rows.getString(4), rows.getString(5), rows.getInt(6), rows.getString(7),
                Duration.ofMillis(rows.getLong(8)), body));
    }

    @Override
    public long delete(Log log, Collection<Long> ids) throws StoreException {
        String table = table(log);
        synchronized (writer) {
            try (PreparedStatement statement = writer.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                for (long id : ids) {
                    statement.setLong(1, id);
                    statement.addBatch();
                }
                long deleted = 0;
                for (int count : statement.executeBatch()) {
                    deleted += Math.max(0, count);
                }
                writer.commit();
                return deleted;
            } catch (SQLException e) {
                SqliteDatabase.rollback(writer);
                throw new StoreException("cannot delete from the " + table.replace('_', ' ') + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long deleteBefore(Log log, Instant before) throws StoreException {
        String table = table(log);
        String sql = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE time < ? LIMIT "
                + DELETE_CHUNK + ")";
        long deleted = 0;
        int chunk;
        do {
            synchronized (writer) { // let the log writer in between chunks
                try (PreparedStatement statement = writer.prepareStatement(sql)) {
                    statement.setLong(1, before.toEpochMilli());
                    chunk = statement.executeUpdate();
                    writer.commit();
                } catch (SQLException e) {
                    SqliteDatabase.rollback(writer);
                    throw new StoreException("cannot delete from the " + table.replace('_', ' ') + ": " + e.getMessage(), e);
                }
            }
            deleted += chunk;
        } while (chunk == DELETE_CHUNK);
        return deleted;
    }

    private static String table(Log log) {
        return log == Log.REQUESTS ? "request_log" : "error_log";
    }

    @Override
    public CallStats stats(Instant now, int top) throws StoreException {
        long minute = now.minus(Duration.ofMinutes(1)).toEpochMilli();
        long hour = now.minus(Duration.ofHours(1)).toEpochMilli();
        long day = now.minus(Duration.ofDays(1)).toEpochMilli();
        synchronized (reader) {
            try {
                CallStats stats = new CallStats(now, counts(minute), counts(hour), counts(day),
                        ranking("SELECT model, COUNT(*), SUM(status >= 400) FROM request_log WHERE time >= ? "
                                + "GROUP BY model ORDER BY 2 DESC, 1 LIMIT ?", day, top),
                        ranking("SELECT key_fingerprint, COUNT(*), SUM(status >= 400) FROM request_log WHERE time >= ? "
                                + "AND attempts > 0 GROUP BY key_fingerprint ORDER BY 2 DESC, 1 LIMIT ?", day, top),
                        ranking("SELECT key_fingerprint, COUNT(*), COUNT(*) FROM error_log WHERE time >= ? "
                                + "AND upstream_status = 429 GROUP BY key_fingerprint ORDER BY 2 DESC, 1 LIMIT ?", day, top));
                reader.commit();
                return stats;
            } catch (SQLException e) {
                SqliteDatabase.rollback(reader);
                throw new StoreException("cannot read the call statistics: " + e.getMessage(), e);
            }
        }
    }

    private Counts counts(long since) throws SQLException {
        try (PreparedStatement statement = reader.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(status >= 400), 0) FROM request_log WHERE time >= ?")) {
            statement.setLong(1, since);
            try (ResultSet rows = statement.executeQuery()) {
                return new Counts(rows.getLong(1), rows.getLong(2));
            }
        }
    }

    private List<Named> ranking(String sql, long since, int top) throws SQLException {
        try (PreparedStatement statement = reader.prepareStatement(sql)) {
            statement.setLong(1, since);
            statement.setInt(2, top);
            List<Named> ranking = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ranking.add(new Named(rows.getString(1), new Counts(rows.getLong(2), rows.getLong(3))));
                }
            }
            return ranking;
        }
    }

    @Override
    public void close() {
        synchronized (writer) {
            SqliteDatabase.close(writer);
        }
        synchronized (reader) {
            SqliteDatabase.close(reader);
        }
    }

    private interface RowReader<T> {
        Logged<T> read(ResultSet rows) throws SQLException;
    }

    /** The WHERE clause of a query and its parameters. */
    private record Filter(String where, List<Object> parameters) {

        /**
         * @param kindColumn the column {@link LogQuery#kind} filters
         * @param statusColumn the column {@link LogQuery#status} filters
         * @param textColumn the column {@link LogQuery#text} searches, or {@code null} when the log has none
         */
        static Filter of(LogQuery query, String kindColumn, String statusColumn, String textColumn) {
            List<String> conditions = new ArrayList<>();
            List<Object> parameters = new ArrayList<>();
            query.since().ifPresent(since -> add(conditions, parameters, "time >= ?", since.toEpochMilli()));
            query.until().ifPresent(until -> add(conditions, parameters, "time < ?", until.toEpochMilli()));
            query.model().ifPresent(model -> add(conditions, parameters, "model = ?", model));
            query.key().ifPresent(key -> add(conditions, parameters, "instr(key_fingerprint, ?) > 0", key));
            query.status().ifPresent(status -> add(conditions, parameters, statusColumn + " = ?", status));
            query.kind().ifPresent(kind -> add(conditions, parameters, kindColumn + " = ?", kind));
            if (textColumn != null) {
                query.text().ifPresent(text -> add(conditions, parameters, "instr(" + textColumn + ", ?) > 0", text));
            }
            return new Filter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
        }

        private static void add(List<String> conditions, List<Object> parameters, String condition, Object parameter) {
            conditions.add(condition);
            parameters.add(parameter);
        }

        PreparedStatement prepare(Connection connection, String select, String tail) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(select + where + tail);
            try {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                return statement;
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
        }
    }
}
