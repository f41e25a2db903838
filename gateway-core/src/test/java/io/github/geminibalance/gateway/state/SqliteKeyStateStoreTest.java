package io.github.geminibalance.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyStateStoreTest {

    private static final Instant LATER = Instant.parse("2030-01-01T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void statesSurviveClosingAndReopeningAndASecondSaveReplacesTheFirst() throws Exception {
        Path file = dir.resolve("data/state.sqlite");
        StoredKeyState dead = new StoredKeyState("aa", Health.DEAD, 1, "API_KEY_INVALID", Map.of(), Map.of());
        StoredKeyState cooling = new StoredKeyState("bb", Health.ACTIVE, 0, null,
                Map.of("gemini-2.5-flash", LATER), Map.of("gemini-2.5-pro", LATER.plusSeconds(60)));
        try (SqliteKeyStateStore store = new SqliteKeyStateStore(file, Json.newMapper())) {
            store.save(List.of(dead, new StoredKeyState("bb", Health.FAILING, 3, "timeout", Map.of(), Map.of())));
            store.save(List.of(cooling));
        }

        try (SqliteKeyStateStore reopened = new SqliteKeyStateStore(file, Json.newMapper())) {
            assertEquals(List.of(dead, cooling),
                    reopened.load().stream().sorted((a, b) -> a.keyHash().compareTo(b.keyHash())).toList());
        }
    }

    @Test
    void theSchemaVersionIsRecordedAndANewerFileIsRefused() throws Exception {
        Path file = dir.resolve("state.sqlite");
        new SqliteKeyStateStore(file, Json.newMapper()).close();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = sqlite.createStatement()) {
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertEquals(SqliteKeyStateStore.schemaVersion(), version.getInt(1));
            }
            statement.execute("PRAGMA user_version = " + (SqliteKeyStateStore.schemaVersion() + 1));
        }

        KeyStateStore.StoreException refused = assertThrows(KeyStateStore.StoreException.class,
                () -> new SqliteKeyStateStore(file, Json.newMapper()));
        assertTrue(refused.getMessage().contains("newer gemini-balance"), refused.getMessage());
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path file = dir.resolve("state.sqlite");
        Files.writeString(file, "this is not a database, it is a note".repeat(100));

        assertThrows(KeyStateStore.StoreException.class, () -> new SqliteKeyStateStore(file, Json.newMapper()));
    }

    @Test
    void keysAreStoredByTheirHashOnly() throws Exception {
        ApiKey key = ApiKey.of("AIzaSyStoreTestKey000000000000000000000");
        Path file = dir.resolve("state.sqlite");
        try (SqliteKeyStateStore store = new SqliteKeyStateStore(file, Json.newMapper())) {
            store.save(List.of(new StoredKeyState(KeyHashes.of(key), Health.DEAD, 1, "API_KEY_INVALID", Map.of(), Map.of())));
        }

        assertEquals(64, KeyHashes.of(key).length());
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(key.value()),
                "the key itself is nowhere in the file");
    }
}
