package io.github.geminibalance.gateway.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Key states in the gateway's {@link SqliteDatabase SQLite file}, one row per key hash. */
public final class SqliteKeyStateStore implements KeyStateStore {

    private static final TypeReference<Map<String, String>> UNTIL = new TypeReference<>() {};

    private final Connection connection;
    private final ObjectMapper json;

    /** Opens (creating when needed) the database file and brings its schema up to date. */
    public SqliteKeyStateStore(Path file, ObjectMapper json) throws StoreException {
        this.json = json;
        this.connection = SqliteDatabase.connect(file);
    }

    @Override
    public synchronized List<KeyStatus> load(Collection<ApiKey> keys) throws StoreException {
        Map<String, ApiKey> byHash = new HashMap<>();
        keys.forEach(key -> byHash.put(KeyHashes.of(key), key));
        List<KeyStatus> states = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key_hash, health, failure_count, last_error, "
                        + "cooling_until, exhausted_until FROM key_state")) {
            while (rows.next()) {
                ApiKey key = byHash.get(rows.getString(1));
                if (key != null) {
                    states.add(new KeyStatus(key, Health.valueOf(rows.getString(2)), rows.getInt(3), rows.getString(4),
                            instants(rows.getString(5)), instants(rows.getString(6))));
                }
            }
            connection.commit();
            return states;
        } catch (SQLException | IOException | RuntimeException e) {
            rollback();
            throw new StoreException("cannot read key states: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(Collection<KeyStatus> states) throws StoreException {
        String upsert = "INSERT INTO key_state (key_hash, health, failure_count, last_error, cooling_until, "
                + "exhausted_until, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO UPDATE SET "
                + "health = excluded.health, failure_count = excluded.failure_count, last_error = excluded.last_error, "
                + "cooling_until = excluded.cooling_until, exhausted_until = excluded.exhausted_until, "
                + "updated_at = excluded.updated_at";
        try (PreparedStatement statement = connection.prepareStatement(upsert)) {
            String now = Instant.now().toString();
            for (KeyStatus state : states) {
                statement.setString(1, KeyHashes.of(state.key()));
                statement.setString(2, state.health().name());
                statement.setInt(3, state.failureCount());
                statement.setString(4, state.lastError());
                statement.setString(5, text(state.coolingUntil()));
                statement.setString(6, text(state.exhaustedUntil()));
                statement.setString(7, now);
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        } catch (SQLException | IOException e) {
            rollback();
            throw new StoreException("cannot write key states: " + e.getMessage(), e);
        }
    }

    /** Per model, when: {@code {"gemini-2.5-flash": "2026-11-26T18:00:00Z"}}. */
    private String text(Map<String, Instant> until) throws IOException {
        Map<String, String> iso = new TreeMap<>();
        until.forEach((model, instant) -> iso.put(model, instant.toString()));
        return json.writeValueAsString(iso);
    }

    private Map<String, Instant> instants(String text) throws IOException {
        Map<String, Instant> until = new HashMap<>();
        json.readValue(text, UNTIL).forEach((model, iso) -> until.put(model, Instant.parse(iso)));
        return until;
    }

    private void rollback() {
        SqliteDatabase.rollback(connection);
    }

    @Override
    public synchronized void close() {
        SqliteDatabase.close(connection);
    }
}
