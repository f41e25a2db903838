package io.github.geminibalance.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.cli.Cli;
import io.github.geminibalance.cli.Cli.Result;
import io.github.geminibalance.cli.DumbScreen;
import io.github.geminibalance.gateway.check.CheckedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockserver.configuration.ConfigurationProperties;
import org.mockserver.integration.ClientAndServer;

class KeysCheckCommandTest {

    private static final String OK = CheckedKeys.OK.value();
    private static final String INVALID = CheckedKeys.INVALID.value();
    private static final String SUSPENDED = CheckedKeys.SUSPENDED.value();
    private static final String PER_MINUTE = CheckedKeys.PER_MINUTE.value();
    private static final String PER_DAY = CheckedKeys.PER_DAY.value();

    private static ClientAndServer upstream;

    @TempDir
    Path dir;

    @BeforeAll
    static void startUpstream() {
        ConfigurationProperties.logLevel("WARN");
        upstream = ClientAndServer.startClientAndServer(0);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @BeforeEach
    void script() {
        upstream.reset();
        CheckedKeys.script(upstream);
    }

    private static Map<String, String> environment() {
        return Map.of("BASE_URL", "http://127.0.0.1:" + upstream.getPort() + "/v1beta", "TIME_OUT", "5");
    }

    private Result check(String keysText, String... options) throws IOException {
        Files.writeString(dir.resolve("keys.txt"), keysText);
        List<String> args = new ArrayList<>(List.of("keys", "check", "--keys-file", "keys.txt"));
        args.addAll(List.of(options));
        return Cli.run(dir, environment(), args.toArray(String[]::new));
    }

    @Test
    void pastedTextGivesEachKeyOnceInOrderWithItsClass() throws IOException {
        String pasted = """
                Here are my keys: ["%1$s", "%2$s"], and again "%1$s".
                API_KEYS=%3$s,%4$s
                %5$s
                """.formatted(OK, INVALID, SUSPENDED, PER_MINUTE, PER_DAY);

        Result result = check(pasted, "--format", "json");

        assertEquals(1, result.exitCode(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out());
        List<String> classes = new ArrayList<>();
        json.path("results").forEach(row -> classes.add(row.path("class").asText()));
        assertEquals(List.of("ok", "invalid", "suspended", "rate-limited", "quota-exhausted"), classes);
        assertEquals("AIzaSy...A_-0", json.path("results").path(0).path("key").asText());
        assertEquals("invalid API key", json.path("results").path(1).path("reason").asText());
        assertEquals(5, json.path("summary").path("total").asInt());
        assertEquals(1, json.path("summary").path("ok").asInt());
        assertEquals(0, json.path("summary").path("network-error").asInt());
        assertNoWholeKey(result);
    }

    @Test
    void theTableMasksKeysAndEndsWithTheSummary() throws IOException {
        Result result = check(String.join("\n", OK, INVALID, SUSPENDED, PER_MINUTE, PER_DAY, OK));

        assertEquals(1, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(7, lines.size(), result.out());
        assertTrue(lines.get(0).matches("KEY +CLASS +REASON +MS"), lines.get(0));
        assertTrue(lines.get(1).matches("AIzaSy\\.\\.\\.A_-0 +ok +model readable +\\d+"), lines.get(1));
        assertTrue(lines.get(3).matches("AIzaSy\\.\\.\\.C_-0 +suspended +suspended +\\d+"), lines.get(3));
        assertEquals("5 keys: 1 ok, 1 invalid, 1 suspended, 1 rate-limited, 1 quota-exhausted", lines.get(6));
        assertNoWholeKey(result);
        assertNoControlCharacters(result.out() + result.err());
    }

    @Test
    void showKeysPrintsWholeKeys() throws IOException {
        Result result = check(OK + "\n" + INVALID, "--show-keys");

        assertTrue(result.out().contains(OK + "  ok "), result.out());
        assertTrue(result.out().contains(INVALID + "  invalid "), result.out());
    }

    @Test
    void csvHasAHeaderAndOneRowPerKeyAndTheSummaryGoesToStandardError() throws IOException {
        Result result = check(OK + "\n" + PER_MINUTE, "--format", "csv");

        List<String> rows = result.out().lines().toList();
        assertEquals("key,class,reason,ms", rows.get(0));
        assertTrue(rows.get(1).matches("AIzaSy\\.\\.\\.A_-0,ok,model readable,\\d+"), rows.get(1));
        assertTrue(rows.get(2).matches("AIzaSy\\.\\.\\.D_-0,rate-limited,rate limited for 26 s,\\d+"), rows.get(2));
        assertEquals(3, rows.size());
        assertEquals("2 keys: 1 ok, 1 rate-limited\n", result.err());
    }

    @Test
    void exitCodesTellAllSomeOrNoneUsable() throws IOException {
        assertEquals(0, check(OK + "\n" + OK).exitCode());
        assertEquals(1, check(OK + "\n" + PER_DAY).exitCode());
        assertEquals(3, check(INVALID + "\n" + SUSPENDED).exitCode());
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        assertEquals(2, check(OK, "--concurrency", "0").exitCode());
        assertEquals(2, check(OK, "--format", "xml").exitCode());
        assertEquals(2, check(OK, "--timeout", "0").exitCode());
        Result noKeys = check("nothing that looks like a key, here");
        assertEquals(2, noKeys.exitCode());
        assertTrue(noKeys.err().startsWith("error: no keys to check in keys.txt"), noKeys.err());
        Result missing = Cli.run(dir, environment(), "keys", "check", "--keys-file", "absent.txt");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("error: cannot read the keys from absent.txt"), missing.err());
    }

    @Test
    void keysFromStandardInput() {
        Result result = Cli.run(Cli.context(dir, environment(), "[\"" + OK + "\"]", false),
                "keys", "check", "--keys-file", "-", "--format", "csv");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(2, result.out().lines().count());
    }

    @Test
    void keysFromTheSettingsWithoutAFullConfiguration() {
        Map<String, String> environment = new java.util.HashMap<>(environment());
        environment.put("API_KEYS", "[\"" + OK + "\",\"" + PER_DAY + "\"]");
        environment.put("PORT", "not-a-port"); // not read by a check

        Result result = Cli.run(dir, environment, "keys", "check");

        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.out().endsWith("2 keys: 1 ok, 1 quota-exhausted\n"), result.out());
    }

    @Test
    void noKeysConfiguredIsAUsageError() {
        Result result = Cli.run(dir, environment(), "keys", "check");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("API_KEYS"), result.err());
    }

    @Test
    void aBadBaseUrlIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("keys.txt"), OK);

        Result result = Cli.run(dir, Map.of("BASE_URL", "not a url"), "keys", "check", "--keys-file", "keys.txt");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("error: BASE_URL"), result.err());
    }

    @Test
    void onATerminalProgressIsDrawnOnTheTerminalAndErased() throws IOException {
        Files.writeString(dir.resolve("keys.txt"), OK + "\n" + INVALID);
        DumbScreen screen = new DumbScreen();

        Result result = Cli.run(Cli.context(dir, environment(), "", true, screen),
                "keys", "check", "--keys-file", "keys.txt");

        assertEquals(1, result.exitCode(), result.err());
        assertEquals(1, screen.opened());
        String drawn = screen.drawn();
        assertTrue(drawn.contains("\r[####################] 2/2  "), drawn);
        assertTrue(drawn.contains(" keys/s  ok 1 · invalid 1"), drawn);
        assertTrue(drawn.endsWith("\r"), drawn);
        // Erased: a dumb terminal has no clr_eol, so the last line is blanked with spaces.
        String erased = drawn.substring(drawn.lastIndexOf('\r', drawn.length() - 2) + 1, drawn.length() - 1);
        assertTrue(erased.isBlank() && erased.length() >= "[####################] 2/2".length(), drawn);
        assertFalse(drawn.contains("\u001b"), "a dumb terminal gets no colours: " + drawn);
        assertNoControlCharacters(result.out());
        assertNoControlCharacters(result.err());
        assertTrue(result.out().endsWith("2 keys: 1 ok, 1 invalid\n"), result.out());
    }

    @Test
    void offATerminalNoTerminalIsOpenedAndNoControlCharacterIsWritten() throws IOException {
        Files.writeString(dir.resolve("keys.txt"), OK + "\n" + INVALID + "\n" + PER_MINUTE);
        DumbScreen screen = new DumbScreen();

        for (String format : List.of("table", "json", "csv")) {
            Result result = Cli.run(Cli.context(dir, environment(), "", false, screen),
                    "keys", "check", "--keys-file", "keys.txt", "--format", format);

            assertEquals(1, result.exitCode(), result.err());
            for (String output : List.of(result.out(), result.err())) {
                // CSV records end with CRLF (RFC 4180): a line end, not a redraw.
                String text = output.replace("\r\n", "\n");
                assertFalse(text.contains("\u001b") || text.contains("\r"), format + ": " + text);
                assertNoControlCharacters(text);
            }
        }
        assertEquals(0, screen.opened());
        assertEquals("", screen.drawn());
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Result result = Cli.run(dir, Map.of(), "keys", "check", "--help");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("0   Every key is usable"), result.out());
        assertTrue(result.out().contains("3   No key is usable."), result.out());
    }

    private static void assertNoWholeKey(Result result) {
        for (String key : List.of(OK, INVALID, SUSPENDED, PER_MINUTE, PER_DAY)) {
            assertFalse(result.out().contains(key) || result.err().contains(key), "whole key printed");
        }
    }

    private static void assertNoControlCharacters(String text) {
        assertTrue(text.chars().allMatch(c -> c == '\n' || c >= 0x20 && c != 0x7f), text);
    }
}
