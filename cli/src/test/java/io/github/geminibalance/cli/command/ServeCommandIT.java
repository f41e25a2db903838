package io.github.geminibalance.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.geminibalance.cli.Cli;
import io.github.geminibalance.cli.Cli.Result;
import io.github.geminibalance.cli.CliContext;
import io.github.geminibalance.cli.GeminiBalanceCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@code serve} in-process on a loopback port, stopping it through an injected stop signal. */
@Timeout(60)
class ServeCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void writeSettings() throws IOException {
        Files.writeString(dir.resolve(".env"), """
                API_KEYS=["AIzaSyA1234567890abcdefghijklmnopqrstu"]
                ALLOWED_TOKENS=["t"]
                PORT=1
                SHUTDOWN_DRAIN_SECONDS=5
                LOG_LEVEL=WARN
                """);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        background.shutdownNow();
        assertTrue(background.awaitTermination(10, TimeUnit.SECONDS), "serve still running");
        rootLogger().setLevel(Level.INFO);
    }

    @Test
    void servesUntilStoppedThenExitsZero() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // The command line beats the environment, which beats the file (PORT=1 there).
        CliContext context = new CliContext(Map.of("HOST", "0.0.0.0", "PORT", "70000"), dir, stop::await);
        Future<Integer> serve = background.submit(() -> GeminiBalanceCommand
                .commandLine(context, new PrintWriter(out), new PrintWriter(err))
                .execute("serve", "--host", "127.0.0.1", "--port", "0"));

        int port = awaitPort(out, serve);
        HttpResponse<String> health = get(port, "/health");
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"healthy\"}", health.body());
        assertEquals(Level.WARN, rootLogger().getLevel(), "LOG_LEVEL applies to the root logger");
        assertFalse(serve.isDone(), "serve returned before it was stopped");

        stop.countDown();

        assertEquals(0, serve.get(WAIT.toSeconds(), TimeUnit.SECONDS), err.toString());
        assertTrue(err.toString().contains("warning: AUTH_TOKEN"), err.toString());
        assertThrows(IOException.class, () -> get(port, "/health"), "the port is closed after the stop");
    }

    @Test
    void anInvalidConfigurationExitsOneWithoutListening() throws IOException {
        Files.writeString(dir.resolve(".env"), "ALLOWED_TOKENS=[\"t\"]\nMAX_FAILURES=0\n");

        Result result = Cli.run(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", "0");

        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("error: MAX_FAILURES: 0 (expected: an integer of at least 1)"), result.err());
        assertTrue(result.err().contains("error: API_KEYS: <empty> (expected: at least one Gemini API key)"),
                result.err());
        assertEquals("", result.out());
    }

    @Test
    void aPortInUseIsOneErrorLineWithAStackTraceOnlyWhenVerbose() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            Result plain = Cli.run(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", port);
            Result verbose = Cli.run(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port", port, "--verbose");

            assertEquals(1, plain.exitCode());
            assertTrue(plain.err().contains("\nerror: "), plain.err());
            assertFalse(plain.err().contains("\tat "), plain.err());
            assertEquals(1, verbose.exitCode());
            assertTrue(verbose.err().contains("\tat "), verbose.err());
        }
    }

    private static int awaitPort(StringWriter out, Future<Integer> serve) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(out.toString());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (serve.isDone()) {
                fail("serve ended with " + serve.get() + " before listening");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not print its address within " + WAIT + ": " + out);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
