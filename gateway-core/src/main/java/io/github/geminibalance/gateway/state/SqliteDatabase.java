package io.github.geminibalance.gateway.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The gateway's embedded SQLite file, shared by the key-state store and the log store, each with
 * connections of its own. The schema's version is SQLite's own {@code user_version}; a newer
 * gateway migrates an older file forward step by step, and an older gateway refuses a file a newer
 * one wrote. The file is in WAL mode, so that reading the logs never waits for their writer. A
 * locked database fails a call after a short wait instead of holding up the caller.
 */
final class SqliteDatabase {

    /** Each step takes the schema from its index to the next version. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("""
                    CREATE TABLE key_state (
                      key_hash TEXT PRIMARY KEY,
                      health TEXT NOT NULL,
                      failure_count INTEGER NOT NULL,
                      last_error TEXT,
                      cooling_until TEXT NOT NULL,
                      exhausted_until TEXT NOT NULL,
                      updated_at TEXT NOT NULL)"""),
            List.of("""
                    CREATE TABLE request_log (
                      id INTEGER PRIMARY KEY,
                      time INTEGER NOT NULL,
                      route TEXT NOT NULL,
                      model TEXT NOT NULL,
                      key_fingerprint TEXT NOT NULL,
                      attempts INTEGER NOT NULL,
                      status INTEGER NOT NULL,
                      latency_ms INTEGER NOT NULL,
                      stream INTEGER NOT NULL,
                      bytes_sent INTEGER NOT NULL,
                      prompt_tokens INTEGER,
                      completion_tokens INTEGER,
                      total_tokens INTEGER)""",
                    "CREATE INDEX request_log_time ON request_log (time)",
                    """
                    CREATE TABLE error_log (
                      id INTEGER PRIMARY KEY,
                      time INTEGER NOT NULL,
                      key_fingerprint TEXT NOT NULL,
                      model TEXT NOT NULL,
                      class TEXT NOT NULL,
                      upstream_status INTEGER NOT NULL,
                      message TEXT NOT NULL,
                      latency_ms INTEGER NOT NULL,
                      request_body TEXT)""",
                    "CREATE INDEX error_log_time ON error_log (time)"));
    private static final int BUSY_TIMEOUT_MILLIS = 250;

    private SqliteDatabase() {}

    /** The schema version of this gateway's database files. */
    static int schemaVersion() {
        return MIGRATIONS.size();
    }

    /**
     * A new connection to {@code file}, creating the file and bringing its schema up to date when
     * needed. The connection does not commit by itself.
     */
    static Connection connect(Path file) throws StoreException {
        Connection connection;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
                SqliteNativeLibrary.keepIn(parent);
            }
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
        try {
            migrate(connection);
            return connection;
        } catch (StoreException e) {
            close(connection);
            throw e;
        }
    }

    private static void migrate(Connection connection) throws StoreException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL"); // durable across a crash of the process in WAL mode
            int version;
            try (ResultSet result = statement.executeQuery("PRAGMA user_version")) {
                version = result.getInt(1);
            }
            if (version > MIGRATIONS.size()) {
                throw new StoreException("the database has schema version " + version + ", newer than this gateway's "
                        + MIGRATIONS.size() + ": it was written by a newer gemini-balance", null);
            }
            connection.setAutoCommit(false);
            if (version < MIGRATIONS.size()) {
                for (int step = version; step < MIGRATIONS.size(); step++) {
                    for (String sql : MIGRATIONS.get(step)) {
                        statement.execute(sql);
                    }
                }
                statement.execute("PRAGMA user_version = " + MIGRATIONS.size());
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(connection);
            throw new StoreException("cannot bring the database schema up to date: " + e.getMessage(), e);
        }
    }

    static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        }
    }
}
