package io.github.geminibalance.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the shipped {@code conf/.env.example} true to the loader: complete, and its defaults right. */
class EnvExampleTest {

    /** Relative to this module, where Maven runs its tests. */
    private static final Path EXAMPLE = Path.of("..", "dist", "src", "conf", ".env.example");

    private static final Pattern COMMENTED_SETTING = Pattern.compile("# ([A-Z_]+=.*)");

    private static final Set<String> SETTINGS = Set.of(
            "API_KEYS", "ALLOWED_TOKENS", "AUTH_TOKEN",
            "HOST", "PORT", "MAX_REQUEST_BODY_MB", "SHUTDOWN_DRAIN_SECONDS", "LOG_LEVEL", "METRICS_TOKEN",
            "BASE_URL", "MAX_FAILURES", "MAX_RETRIES", "TIME_OUT", "CHECK_INTERVAL_HOURS", "TEST_MODEL",
            "IMAGE_FETCH_ALLOWED_NETWORKS",
            "SEARCH_MODELS", "IMAGE_MODELS", "THINKING_MODELS", "FILTERED_MODELS",
            "TOOLS_CODE_EXECUTION_ENABLED", "URL_CONTEXT_ENABLED", "URL_CONTEXT_MODELS", "SHOW_SEARCH_LINK", "SHOW_THINKING_PROCESS", "SAFETY_SETTINGS",
            "PAID_KEY", "CREATE_IMAGE_MODEL", "UPLOAD_PROVIDER",
            "SMMS_SECRET_TOKEN", "SMMS_API_URL", "PICGO_API_KEY", "PICGO_API_URL",
            "CLOUDFLARE_IMGBED_URL", "CLOUDFLARE_IMGBED_AUTH_CODE", "CLOUDFLARE_IMGBED_UPLOAD_FOLDER",
            "STREAM_OPTIMIZER_ENABLED", "STREAM_MIN_DELAY", "STREAM_MAX_DELAY",
            "STREAM_SHORT_TEXT_THRESHOLD", "STREAM_LONG_TEXT_THRESHOLD", "STREAM_CHUNK_SIZE",
            "PLUGINS_DIR", "DATABASE_TYPE", "SQLITE_DATABASE", "ERROR_LOG_RECORD_REQUEST_BODY",
            "AUTO_DELETE_ERROR_LOGS_ENABLED", "AUTO_DELETE_ERROR_LOGS_DAYS",
            "AUTO_DELETE_REQUEST_LOGS_ENABLED", "AUTO_DELETE_REQUEST_LOGS_DAYS");

    @Test
    void theExampleAsShippedIsAValidConfiguration() throws IOException {
        DotEnvFile example = DotEnvFile.parse(EXAMPLE.toString(), Files.readString(EXAMPLE));

        ConfigResult result = ConfigLoader.load(example.values(), example.values().keySet());

        assertEquals(List.of(), example.problems());
        assertEquals(List.of(), result.errors());
        assertEquals(Set.of("API_KEYS", "ALLOWED_TOKENS", "AUTH_TOKEN"), example.values().keySet());
    }

    @Test
    void everySettingIsDocumentedWithItsTrueDefault() throws IOException {
        DotEnvFile example = DotEnvFile.parse(EXAMPLE.toString(), Files.readString(EXAMPLE));
        DotEnvFile uncommented = DotEnvFile.parse(EXAMPLE.toString(), uncomment(Files.readString(EXAMPLE)));

        assertEquals(List.of(), uncommented.problems());
        assertEquals(SETTINGS, uncommented.values().keySet());
        ConfigResult withDefaultsWritten = ConfigLoader.load(uncommented.values(), uncommented.values().keySet());
        ConfigResult withDefaultsImplied = ConfigLoader.load(example.values(), Set.of());
        assertEquals(withoutRawSettings(withDefaultsImplied.config().orElseThrow()),
                withoutRawSettings(withDefaultsWritten.config().orElseThrow()));
        assertEquals(withDefaultsImplied.warnings(), withDefaultsWritten.warnings());
    }

    /** The raw settings plugins read differ, of course, between a file that writes the defaults and one that does not. */
    private static GatewayConfig withoutRawSettings(GatewayConfig config) {
        return new GatewayConfig(config.server(), config.keys(), config.auth(), config.upstream(), config.models(),
                config.features(), config.upload(), config.streamOptimizer(),
                new GatewayConfig.PluginsConfig(config.plugins().directory(), Map.of()), config.state());
    }

    private static String uncomment(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            Matcher setting = COMMENTED_SETTING.matcher(line);
            out.append(setting.matches() ? setting.group(1) : line).append('\n');
        }
        return out.toString();
    }
}
