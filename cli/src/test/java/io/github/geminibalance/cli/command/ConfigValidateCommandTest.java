package io.github.geminibalance.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.cli.Cli;
import io.github.geminibalance.cli.Cli.Result;
import io.github.geminibalance.gateway.plugin.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidateCommandTest {

    private static final String KEY = "AIzaSyA1234567890abcdefghijklmnopqrstu";
    private static final String VALID = """
            API_KEYS=["%s"]
            ALLOWED_TOKENS=["t"]
            """.formatted(KEY);

    @TempDir
    Path dir;

    @Test
    void aValidFileExitsZeroAndWarnsThatAdminFeaturesAreOff() throws IOException {
        Path env = write(".env", VALID);

        Result result = Cli.run(dir, Map.of(), "config", "validate");

        assertEquals(0, result.exitCode(), result.out());
        assertTrue(result.out().contains("warning: AUTH_TOKEN: <empty> (expected: an admin token; admin features are off"),
                result.out());
        assertTrue(result.out().endsWith("valid: 0 errors, 1 warning (settings from " + env + " and the environment)\n"),
                result.out());
        assertEquals("", result.err());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        write(".env", """
                API_KEYS=
                ALLOWED_TOKENS=["t"]
                PORT=70000
                MAX_FAILURES=0
                SAFETY_SETTINGS=[{"category":"HARM_CATEGORY_NOPE","threshold":"BLOCK_NONE"}]
                """);

        Result result = Cli.run(dir, Map.of(), "config", "validate");

        assertEquals(1, result.exitCode());
        List<String> errors = lines(result.out(), "error: ");
        assertEquals(4, errors.size(), result.out());
        assertTrue(errors.contains("error: PORT: 70000 (expected: an integer between 0 and 65535)"), result.out());
        assertTrue(errors.contains("error: MAX_FAILURES: 0 (expected: an integer of at least 1)"), result.out());
        assertTrue(errors.contains("error: API_KEYS: <empty> (expected: at least one Gemini API key)"), result.out());
        assertTrue(errors.stream().anyMatch(line -> line.startsWith("error: SAFETY_SETTINGS")), result.out());
        assertTrue(result.out().contains("\ninvalid: 4 errors, "), result.out());
    }

    @Test
    void secretsNeverAppearWhole() throws IOException {
        write(".env", """
                API_KEYS=["%1$s", "%1$s"]
                ALLOWED_TOKENS=["a-long-client-token-0123456789"]
                API_KEY=%1$s
                PORT=none
                """.formatted(KEY));

        Result text = Cli.run(dir, Map.of(), "config", "validate");
        Result json = Cli.run(dir, Map.of(), "config", "validate", "--format", "json");

        for (Result result : List.of(text, json)) {
            assertEquals(1, result.exitCode());
            String printed = result.out() + result.err();
            assertFalse(printed.contains(KEY), printed);
            assertFalse(printed.contains("a-long-client-token-0123456789"), printed);
            assertTrue(printed.contains("AIzaSy...rstu"), "the key's fingerprint: " + printed);
        }
    }

    @Test
    void jsonReportsTheSameProblemsAsFields() throws IOException {
        write(".env", """
                API_KEYS=["%s"]
                ALLOWED_TOKENS=["t"]
                MAX_FAILURES=0
                """.formatted(KEY));

        Result result = Cli.run(dir, Map.of(), "config", "validate", "--format", "json");

        assertEquals(1, result.exitCode());
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertFalse(report.get("valid").asBoolean());
        assertEquals(1, report.get("errors").size());
        JsonNode error = report.get("errors").get(0);
        assertEquals("MAX_FAILURES", error.get("setting").asText());
        assertEquals("0", error.get("value").asText());
        assertEquals("an integer of at least 1", error.get("expected").asText());
        assertTrue(report.get("warnings").isArray());
        boolean adminWarning = false;
        for (JsonNode warning : report.get("warnings")) {
            adminWarning |= warning.get("setting").asText().equals("AUTH_TOKEN");
        }
        assertTrue(adminWarning, result.out());
    }

    @Test
    void jsonOfAValidConfigurationSaysSo() throws IOException {
        write(".env", VALID + "AUTH_TOKEN=admin-token-0123456789\nSMMS_SECRET_TOKEN=smms\n");

        Result result = Cli.run(dir, Map.of(), "config", "validate", "--format", "json");

        assertEquals(0, result.exitCode(), result.out());
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertTrue(report.get("valid").asBoolean());
        assertEquals(0, report.get("errors").size());
        assertEquals(0, report.get("warnings").size());
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        write(".env", VALID);

        Result result = Cli.run(dir, Map.of(), "config", "validate", "--format", "yaml");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("error: Invalid value for option '--format'"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void aMissingEnvFileIsAnError() {
        Result result = Cli.run(dir, Map.of("API_KEYS", KEY, "ALLOWED_TOKENS", "t"),
                "config", "validate", "--env-file", "missing.env");

        assertEquals(1, result.exitCode());
        assertEquals(List.of("error: .env file: " + dir.resolve("missing.env") + " (expected: an existing file)"),
                lines(result.out(), "error: "));
    }

    @Test
    void anEnvFileIsFoundRelativeToTheWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        write("conf/gateway.env", VALID);

        Result result = Cli.run(dir, Map.of(), "config", "validate", "--env-file", "conf/gateway.env");

        assertEquals(0, result.exitCode(), result.out());
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
        write(".env", VALID + "PORT=70000\n");

        Result fileOnly = Cli.run(dir, Map.of(), "config", "validate");
        Result overridden = Cli.run(dir, Map.of("PORT", "8080"), "config", "validate");

        assertEquals(1, fileOnly.exitCode());
        assertEquals(0, overridden.exitCode(), overridden.out());
    }

    @Test
    void withoutAnEnvFileTheEnvironmentAloneIsChecked() {
        Result result = Cli.run(dir, Map.of(), "config", "validate");

        assertEquals(1, result.exitCode());
        assertTrue(result.out().contains("error: API_KEYS: <empty>"), result.out());
        assertTrue(result.out().endsWith("(settings from the environment; no .env file)\n"), result.out());
    }

    @Test
    void anUploadProviderNoInstalledPluginHasIsAnErrorListingTheInstalledOnes() throws IOException {
        TestPlugins.goodUploader(dir.resolve("plugins"));
        write(".env", VALID + "UPLOAD_PROVIDER=picgo\n");

        Result result = Cli.run(dir, Map.of("PLUGINS_DIR", dir.resolve("plugins").toString()), "config", "validate");

        assertEquals(1, result.exitCode(), result.out());
        assertEquals(List.of("error: UPLOAD_PROVIDER: picgo (expected: one of the installed uploaders: good;"
                        + " until then images are returned as data URLs)"),
                lines(result.out(), "error: "));
    }

    @Test
    void aChosenUploaderWithoutItsSettingsIsAWarning() throws IOException {
        TestPlugins.goodUploader(dir.resolve("plugins"));
        write(".env", VALID + "UPLOAD_PROVIDER=good\nPLUGINS_DIR=plugins\n");

        Result result = Cli.run(dir, Map.of(), "config", "validate");

        assertEquals(0, result.exitCode(), result.out());
        assertTrue(lines(result.out(), "warning: ").contains("warning: UPLOAD_PROVIDER: good (expected: the settings of"
                + " uploader good (GOOD_TOKEN); until then images are returned as data URLs)"), result.out());
    }

    @Test
    void aConfiguredUploaderIsValid() throws IOException {
        TestPlugins.goodUploader(dir.resolve("plugins"));
        write(".env", VALID + "AUTH_TOKEN=admin-token-0123456789\nUPLOAD_PROVIDER=good\nGOOD_TOKEN=t\n"
                + "GOOD_TOKN=t\nPLUGINS_DIR=plugins\n");

        Result result = Cli.run(dir, Map.of(), "config", "validate");

        assertEquals(0, result.exitCode(), result.out());
        assertEquals(List.of("warning: GOOD_TOKN: * (expected: a known setting name; this is an unknown setting (typo?))"),
                lines(result.out(), "warning: "), "the installed plugin's own setting is known, a misspelling of it is not");
    }

    @Test
    void pluginsThatCannotBeUsedAreWarnings() throws IOException {
        Path plugins = dir.resolve("plugins");
        Path future = TestPlugins.futureUploader(plugins);
        Path tools = TestPlugins.tools(plugins);
        write(".env", VALID + "AUTH_TOKEN=admin-token-0123456789\nPLUGINS_DIR=plugins\n");

        Result result = Cli.run(dir, Map.of(), "config", "validate");

        assertEquals(0, result.exitCode(), result.out());
        assertEquals(List.of(
                        "warning: PLUGINS_DIR: " + future + " (expected: plugins that can be used; future-uploader is not:"
                                + " it requires plugin API >=2.0.0; this gateway has 1.1.0)",
                        "warning: PLUGINS_DIR: " + tools + " (expected: extensions that can be used;"
                                + " test.tools.ThrowingTool is not: its constructor threw"
                                + " java.lang.IllegalStateException: no tool today)"),
                lines(result.out(), "warning: "));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static List<String> lines(String text, String prefix) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                lines.add(line);
            }
        }
        return lines;
    }
}
