package io.github.geminibalance.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gemini-balance serve} as an operator runs it: it listens, stops cleanly on SIGTERM,
 * and leaves the class-data-sharing archive that the next start maps without a word about it, and
 * a copy of SQLite's native library beside its database that the next start loads.
 */
class LauncherIT {

    private static final Path INSTALLATION = Path.of(System.getProperty("installation"));
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void serveStopsOnSigtermAndItsNextStartUsesTheClassArchiveItLeft() throws Exception {
        for (Path stale : archives()) {
            Files.delete(stale);
        }
        int port = freePort();

        Path firstLog = work.resolve("first.log");
        assertEquals(0, serveUntilHealthy(port, firstLog, Map.of(), process -> { }), read(firstLog));
        assertEquals(1, archives().size(), "the first serve writes one archive when it stops");
        assertTrue(Files.isRegularFile(work.resolve("data/default_db.db")), "key states and logs in ./data");
        List<Path> kept = keptSqliteLibraries();
        assertEquals(1, kept.size(), "one copy of SQLite's library: " + kept);

        Path secondLog = work.resolve("second.log");
        List<String> mapped = new ArrayList<>();
        // -Xshare:on makes the JVM refuse to start rather than run without the archive.
        assertEquals(0, serveUntilHealthy(port, secondLog, Map.of("JAVA_OPTS", "-Xshare:on"),
                process -> mapped.addAll(mappedFiles(process))), read(secondLog));
        assertTrue(mapped.contains(kept.get(0).toRealPath().toString()), "the second start loads the kept copy: " + mapped);
        assertEquals(1, archives().size(), "the second start uses the archive and writes none");
        String log = read(secondLog);
        assertTrue(log.contains("listening on"), log);
        assertFalse(log.contains("cds"), "an archive in use says nothing: " + log);
    }

    /** Starts serve, waits for a 200 on /health, sends SIGTERM, and returns the exit code. */
    private int serveUntilHealthy(int port, Path log, Map<String, String> moreSettings, Consumer<Process> whileHealthy)
            throws Exception {
        ProcessBuilder serve = new ProcessBuilder(INSTALLATION.resolve("bin/gemini-balance").toString(), "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        serve.environment().putAll(Map.of(
                "API_KEYS", "[\"AIzaSyLauncherTestKey000000000000000000\"]",
                "ALLOWED_TOKENS", "[\"launcher-test-token\"]",
                "HOST", "127.0.0.1",
                "PORT", Integer.toString(port),
                "BASE_URL", "http://127.0.0.1:9/v1beta",
                "CHECK_INTERVAL_HOURS", "0"));
        serve.environment().putAll(moreSettings);
        Process process = serve.start();
        try {
            awaitHealthy(port, process);
            whileHealthy.accept(process);
            process.destroy();
            assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "serve stops on SIGTERM");
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    private void awaitHealthy(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "serve exited before it was healthy");
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            }
            Thread.sleep(20);
        }
        throw new AssertionError("serve was not healthy within " + PATIENCE);
    }

    private List<Path> keptSqliteLibraries() throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("data/.native"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("libsqlitejdbc")).toList();
        }
    }

    /** The files a running process has mapped: its jars, archives and native libraries (Linux). */
    private static List<String> mappedFiles(Process process) {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/maps")).stream()
                    .map(line -> line.replaceFirst("^(\\S+\\s+){5}", "").trim())
                    .filter(path -> path.startsWith("/"))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> archives() throws IOException {
        try (Stream<Path> lib = Files.list(INSTALLATION.resolve("lib"))) {
            return lib.filter(file -> file.getFileName().toString().matches("cds-\\d+\\.jsa")).toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
