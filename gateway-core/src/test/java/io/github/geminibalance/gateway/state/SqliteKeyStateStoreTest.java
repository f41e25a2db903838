package io.github.geminibalance.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyStateStoreTest {

    private static final Instant LATER = Instant.parse("2030-01-01T08:00:00Z");
    private static final ApiKey KEY_A = ApiKey.of("AIzaSyStoreTestKeyA00000000000000000000");
    private static final ApiKey KEY_B = ApiKey.of("AIzaSyStoreTestKeyB00000000000000000000");
    private static final ApiKey KEY_C = ApiKey.of("AIzaSyStoreTestKeyC00000000000000000000");

    @TempDir
    Path dir;

    @Test
    void statesSurviveClosingAndReopeningAndASecondSaveReplacesTheFirst() throws Exception {
        Path file = dir.resolve("data/state.sqlite");
        KeyStatus dead = new KeyStatus(KEY_A, Health.DEAD, 1, "API_KEY_INVALID", Map.of(), Map.of());
        KeyStatus cooling = new KeyStatus(KEY_B, Health.ACTIVE, 0, null,
                Map.of("gemini-2.5-flash", LATER), Map.of("gemini-2.5-pro", LATER.plusSeconds(60)));
        try (SqliteKeyStateStore store = new SqliteKeyStateStore(file, Json.newMapper())) {
            store.save(List.of(dead, new KeyStatus(KEY_B, Health.FAILING, 3, "timeout", Map.of(), Map.of())));
            store.save(List.of(cooling));
        }

        try (SqliteKeyStateStore reopened = new SqliteKeyStateStore(file, Json.newMapper())) {
            assertEquals(Set.of(dead, cooling), Set.copyOf(reopened.load(List.of(KEY_A, KEY_B, KEY_C))));
            assertEquals(List.of(cooling), reopened.load(List.of(KEY_B)), "only the keys asked for");
        }
    }

    @Test
    void theSchemaVersionIsRecordedAndANewerFileIsRefused() throws Exception {
        Path file = dir.resolve("state.sqlite");
        new SqliteKeyStateStore(file, Json.newMapper()).close();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = sqlite.createStatement()) {
            try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
                assertEquals(SqliteDatabase.schemaVersion(), version.getInt(1));
            }
            statement.execute("PRAGMA user_version = " + (SqliteDatabase.schemaVersion() + 1));
        }

        StoreException refused = assertThrows(StoreException.class,
                () -> new SqliteKeyStateStore(file, Json.newMapper()));
        assertTrue(refused.getMessage().contains("newer gemini-balance"), refused.getMessage());
    }

    @Test
    void aFileThatIsNotADatabaseIsAClearError() throws Exception {
        Path file = dir.resolve("state.sqlite");
        Files.writeString(file, "this is not a database, it is a note".repeat(100));

        assertThrows(StoreException.class, () -> new SqliteKeyStateStore(file, Json.newMapper()));
    }

    @Test
    void keysAreStoredByTheirHashOnly() throws Exception {
        Path file = dir.resolve("state.sqlite");
        try (SqliteKeyStateStore store = new SqliteKeyStateStore(file, Json.newMapper())) {
            store.save(List.of(new KeyStatus(KEY_A, Health.DEAD, 1, "API_KEY_INVALID", Map.of(), Map.of())));
        }

        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(KEY_A.value()), "the key itself is nowhere in the file");
        assertTrue(content.contains(KeyHashes.of(KEY_A)), "it is known by its hash");
    }
}
