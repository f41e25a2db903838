package io.github.geminibalance.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSourcesTest {

    @TempDir
    Path dir;

    @Test
    void commandLineBeatsEnvironmentBeatsFile() throws IOException {
        Files.writeString(dir.resolve(".env"), "PORT=1\nHOST=file-host\nMAX_FAILURES=7\n");

        SettingsSources sources = SettingsSources.collect(
                Optional.empty(), dir, Map.of("PORT", "2", "HOST", "env-host"), Map.of("PORT", "3"));

        assertEquals(Optional.of(dir.resolve(".env")), sources.envFile());
        assertEquals("3", sources.values().get("PORT"));
        assertEquals("env-host", sources.values().get("HOST"));
        assertEquals("7", sources.values().get("MAX_FAILURES"));
        assertTrue(sources.errors().isEmpty());
    }

    @Test
    void anEmptyEnvironmentValueStillHidesTheFileValue() throws IOException {
        Files.writeString(dir.resolve(".env"), "API_KEYS=AIza-from-file\n");

        SettingsSources sources = SettingsSources.collect(Optional.empty(), dir, Map.of("API_KEYS", ""), Map.of());

        assertEquals("", sources.values().get("API_KEYS"));
    }

    @Test
    void withoutAFileOnlyEnvironmentAndOverridesCount() {
        SettingsSources sources = SettingsSources.collect(
                Optional.empty(), dir, Map.of("PATH", "/usr/bin"), Map.of("PORT", "0"));

        assertEquals(Optional.empty(), sources.envFile());
        assertEquals(Map.of("PATH", "/usr/bin", "PORT", "0"), sources.values());
        assertTrue(sources.errors().isEmpty());
    }

    @Test
    void anExplicitFileResolvesAgainstTheWorkingDirectoryAndReplacesTheDefaultOne() throws IOException {
        Files.writeString(dir.resolve(".env"), "PORT=1\n");
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/prod.env"), "PORT=2\n");

        SettingsSources sources = SettingsSources.collect(
                Optional.of(Path.of("conf/prod.env")), dir, Map.of(), Map.of());

        assertEquals(Optional.of(dir.resolve("conf/prod.env")), sources.envFile());
        assertEquals(Map.of("PORT", "2"), sources.values());
    }

    @Test
    void aMissingExplicitFileIsAnError() {
        Path missing = dir.resolve("missing.env");

        SettingsSources sources = SettingsSources.collect(Optional.of(missing), dir, Map.of(), Map.of());

        assertEquals(List.of(new ConfigProblem(".env file", missing.toString(), "an existing file")), sources.errors());
        assertTrue(sources.values().isEmpty());
    }

    @Test
    void aFileThatIsNotUtf8IsAnError() throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, new byte[] {'P', 'O', 'R', 'T', '=', (byte) 0xff, (byte) 0xfe});

        SettingsSources sources = SettingsSources.collect(Optional.empty(), dir, Map.of(), Map.of());

        assertEquals(List.of(new ConfigProblem(".env file", file.toString(), "a file in UTF-8")), sources.errors());
    }

    @Test
    void malformedLinesAreErrorsNamedByPathAndLine() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "PORT=1\nnot a setting\n");

        SettingsSources sources = SettingsSources.collect(Optional.empty(), dir, Map.of(), Map.of());

        assertEquals(List.of(file + ":2"), sources.errors().stream().map(ConfigProblem::setting).toList());
        assertEquals(Map.of("PORT", "1"), sources.values());
    }

    @Test
    void explicitNamesAreThoseOfTheFileAndTheOverridesNotTheEnvironment() throws IOException {
        Files.writeString(dir.resolve(".env"), "PORT=1\nHOST=h\n");

        SettingsSources sources = SettingsSources.collect(
                Optional.empty(), dir, Map.of("PATH", "/bin", "PORT", "2"), Map.of("LOG_LEVEL", "DEBUG"));

        assertEquals(List.of("PORT", "HOST", "LOG_LEVEL"), List.copyOf(sources.explicitNames()));
    }

    @Test
    void unknownNamesInTheFileAreWarnedAboutButUnknownEnvironmentVariablesAreNot() throws IOException {
        Files.writeString(dir.resolve(".env"), String.join("\n",
                "API_KEYS=AIza-key-0123456789",
                "ALLOWED_TOKENS=sk-client-0123456789",
                "AUTH_TOKEN=sk-admin-0123456789",
                "SMMS_SECRET_TOKEN=smms",
                "MAX_FAILRUES=5",
                "api_keys=lowercase-is-another-name",
                "DATABASE_TYPE=sqlite",
                "MYSQL_HOST=db",
                "VERTEX_API_KEYS=[]",
                "FAKE_STREAM_ENABLED=true",
                "PLUGINS_DIR=plugins"));

        ConfigResult result = ConfigLoader.load(SettingsSources.collect(
                Optional.empty(), dir, Map.of("PATH", "/usr/bin", "HOME", "/root", "MAX_RETRYS", "2"), Map.of()));

        assertTrue(result.config().isPresent(), () -> result.errors().toString());
        assertEquals(List.of("MAX_FAILRUES", "api_keys"),
                result.warnings().stream().map(ConfigProblem::setting).toList());
        assertEquals("a known setting name; this is an unknown setting (typo?)", result.warnings().get(0).expected());
        assertEquals("*", result.warnings().get(0).value());
        assertEquals("lowerc...name", result.warnings().get(1).value());
    }

    @Test
    void sourceErrorsPreventAConfiguration() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "API_KEYS=AIza-key\nALLOWED_TOKENS=sk\nAUTH_TOKEN=\"unterminated\n");

        ConfigResult result = ConfigLoader.load(SettingsSources.collect(Optional.empty(), dir, Map.of(), Map.of()));

        assertEquals(Optional.empty(), result.config());
        assertEquals(List.of(file + ":3"), result.errors().stream().map(ConfigProblem::setting).toList());
        assertEquals(List.of("AUTH_TOKEN"), result.warnings().stream().map(ConfigProblem::setting).toList());
    }
}
