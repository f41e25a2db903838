package io.github.geminibalance.gateway.state;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.FakeUpstream;
import io.github.geminibalance.gateway.Gateway;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.TestGateways;
import io.github.geminibalance.gateway.check.ErrorBodies;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.KeyStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key states in the embedded database across a restart, and a database that is locked mid-run
 * (for key states and the logs alike): KEY_A is rejected by Google, KEY_B is rate-limited for an
 * hour, KEY_C answers.
 */
class KeyStatesRestartIT {

    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String DEGRADED = "gemini_balance_persistence_degraded{store=\"key_states\"}";
    private static final String LOGS_DEGRADED = "gemini_balance_persistence_degraded{store=\"logs\"}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> keysCalled = new CopyOnWriteArrayList<>();
    private FakeUpstream upstream;
    private Path database;

    @BeforeEach
    void start() {
        database = dir.resolve("data/state.db");
        upstream = new FakeUpstream();
        upstream.script(call -> {
            keysCalled.add(call.key());
            call.status(KEY_A.equals(call.key()) ? 400 : KEY_B.equals(call.key()) ? 429 : 200, "application/json");
            call.send(KEY_A.equals(call.key()) ? ErrorBodies.INVALID : KEY_B.equals(call.key()) ? ErrorBodies.FOR_AN_HOUR
                    : "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}]}");
        });
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aDeadKeyStaysDeadAndACooldownHoldsAfterARestart() throws Exception {
        Gateway first = gateway();
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, generate(first).statusCode());
            }
            assertEquals(Health.DEAD, status(first, KEY_A).health());
            assertTrue(status(first, KEY_B).coolingUntil().containsKey("gemini-2.5-flash"));
        } finally {
            first.shutdown(Duration.ofSeconds(1)); // writes the last states
        }
        keysCalled.clear();

        Gateway second = gateway();
        try {
            KeyStatus dead = status(second, KEY_A);
            assertEquals(Health.DEAD, dead.health());
            assertTrue(dead.lastError().contains("API_KEY_INVALID") || dead.lastError().contains("invalid"), dead.lastError());
            Instant coolingUntil = status(second, KEY_B).coolingUntil().get("gemini-2.5-flash");
            assertTrue(coolingUntil.isAfter(Instant.now().plus(Duration.ofMinutes(50))), "the hour-long cooldown holds");
            for (int i = 0; i < 5; i++) {
                assertEquals(200, generate(second).statusCode());
            }
            assertEquals(List.of(KEY_C, KEY_C, KEY_C, KEY_C, KEY_C), keysCalled, "neither the dead nor the cooling key is tried");
        } finally {
            second.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void aLockedDatabaseFailsNoRequestAndTheStatesAndLogsAreSavedOnceItIsFree() throws Exception {
        Gateway gateway = gateway();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE"); // autocommit stays on, so the transaction is this one
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertEquals(200, generate(gateway).statusCode(), "requests go on while the database is locked");
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "and do not wait for it");
            }
            awaitDegraded("key states", gateway::keyStatesDegraded, true);
            awaitDegraded("logs", gateway::logsDegraded, true);
            String degraded = metrics(gateway);
            assertTrue(degraded.contains(DEGRADED + " 1.0") && degraded.contains(LOGS_DEGRADED + " 1.0"),
                    "the metrics say so too");
            lock.execute("ROLLBACK"); // the lock is released
            awaitDegraded("key states", gateway::keyStatesDegraded, false);
            awaitDegraded("logs", gateway::logsDegraded, false);
            String recovered = metrics(gateway);
            assertTrue(recovered.contains(DEGRADED + " 0.0") && recovered.contains(LOGS_DEGRADED + " 0.0"), recovered);
            assertTrue(recovered.contains("gemini_balance_persistence_dropped_total{store=\"logs\"} 0.0"),
                    "no log record was lost: " + recovered);
        } finally {
            gateway.shutdown(Duration.ofSeconds(1));
        }
        try (SqliteKeyStateStore store = new SqliteKeyStateStore(database, Json.newMapper())) {
            assertEquals(List.of(Health.DEAD), store.load(List.of(ApiKey.of(KEY_A))).stream().map(KeyStatus::health).toList(),
                    "the state changed while the database was locked is saved once it is free");
        }
        try (SqliteLogStore logs = new SqliteLogStore(database)) {
            assertEquals(3, logs.requests(LogQuery.newest(10)).total(), "the calls made while it was locked are logged");
            assertEquals(List.of("cooling", "dead"), logs.errors(LogQuery.newest(10)).rows().stream()
                    .map(row -> row.record().outcome()).sorted().toList());
        }
    }

    @Test
    void aStoreThatCannotBeOpenedLeavesTheGatewayServingAndDegraded() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the database's directory should be");
        Gateway gateway = TestGateways.start(upstream.baseUrl(), Map.of("DATABASE_TYPE", "sqlite",
                "SQLITE_DATABASE", notADirectory.resolve("state.db").toString()));
        try {
            assertEquals(200, generate(gateway).statusCode());
            assertTrue(gateway.keyStatesDegraded());
            assertTrue(gateway.logsDegraded());
            String metrics = metrics(gateway);
            assertTrue(metrics.contains(DEGRADED + " 1.0") && metrics.contains(LOGS_DEGRADED + " 1.0"), metrics);
        } finally {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    private Gateway gateway() {
        return TestGateways.start(upstream.baseUrl(), Map.of("DATABASE_TYPE", "sqlite",
                "SQLITE_DATABASE", database.toString()));
    }

    private HttpResponse<String> generate(Gateway gateway) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + GENERATE))
                .header("x-goog-api-key", CLIENT_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String metrics(Gateway gateway) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static KeyStatus status(Gateway gateway, String key) {
        return gateway.keyPool().snapshot().keys().stream()
                .filter(status -> status.key().value().equals(key)).findFirst().orElseThrow();
    }

    private static void awaitDegraded(String what, BooleanSupplier degraded, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (degraded.getAsBoolean() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, degraded.getAsBoolean(), what + (expected ? " say they are degraded" : " recover"));
    }
}
