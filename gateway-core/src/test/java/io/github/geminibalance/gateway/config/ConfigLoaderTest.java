package io.github.geminibalance.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.config.GatewayConfig.SafetySetting;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String KEY_1 = "AIzaSyA-first-key-0123456789abcdef";
    private static final String KEY_2 = "AIzaSyB-second-key-0123456789abcdef";
    private static final String CLIENT_TOKEN = "sk-client-token-0123456789abcdef";
    private static final String ADMIN_TOKEN = "sk-admin-token-0123456789abcdef";

    /** The required settings, plus an SM.MS token so that no warning is expected by default. */
    private static Map<String, String> minimal(String... overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "API_KEYS", KEY_1,
                "ALLOWED_TOKENS", CLIENT_TOKEN,
                "AUTH_TOKEN", ADMIN_TOKEN,
                "SMMS_SECRET_TOKEN", "smms-token"));
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        return settings;
    }

    private static ConfigResult load(Map<String, String> settings) {
        return ConfigLoader.load(settings, Set.of());
    }

    private static GatewayConfig valid(String... overrides) {
        ConfigResult result = load(minimal(overrides));
        assertEquals(List.of(), result.errors());
        return result.config().orElseThrow();
    }

    private static List<String> errorSettings(ConfigResult result) {
        return result.errors().stream().map(ConfigProblem::setting).toList();
    }

    @Test
    void everyUnsetSettingTakesItsDefault() {
        ConfigResult result = load(minimal());
        GatewayConfig config = result.config().orElseThrow();

        assertEquals(List.of(), result.warnings());
        assertEquals(LogLevel.INFO, result.logLevel());
        assertEquals(new GatewayConfig.ServerConfig("0.0.0.0", 8000, 100L * 1024 * 1024, Duration.ofSeconds(30)),
                config.server());
        assertEquals(new GatewayConfig.KeysConfig(List.of(new Secret(KEY_1)), 3, 3, Optional.empty(), 1), config.keys());
        assertEquals(new GatewayConfig.AuthConfig(List.of(new Secret(CLIENT_TOKEN)), Optional.of(new Secret(ADMIN_TOKEN)), Optional.empty()),
                config.auth());
        assertEquals(new GatewayConfig.UpstreamConfig(
                        URI.create("https://generativelanguage.googleapis.com/v1beta"),
                        Duration.ofSeconds(300),
                        "gemini-2.5-flash-lite",
                        List.of()),
                config.upstream());
        assertEquals(new GatewayConfig.ModelsConfig(
                        List.of("gemini-2.5-flash", "gemini-2.5-pro"),
                        List.of("gemini-2.0-flash-exp", "gemini-2.5-flash-image-preview"),
                        List.of(),
                        List.of("gemini-1.0-pro-vision-latest", "gemini-pro-vision", "chat-bison-001",
                                "text-bison-001", "embedding-gecko-001"),
                        "imagen-3.0-generate-002"),
                config.models());
        assertEquals(new GatewayConfig.FeaturesConfig(false, true, true, List.of(), false, List.of("gemini-2.5-pro",
                "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash", "gemini-2.0-flash-live-001")),
                config.features());
        assertEquals(new GatewayConfig.UploadConfig(
                        "smms",
                        Optional.of(new Secret("smms-token")),
                        URI.create("https://sm.ms/api/v2/upload"),
                        Optional.empty(),
                        URI.create("https://www.picgo.net/api/1/upload"),
                        Optional.empty(),
                        Optional.empty(),
                        ""),
                config.upload());
        assertEquals(new GatewayConfig.StreamOptimizerConfig(
                        false, Duration.ofMillis(16), Duration.ofMillis(24), 10, 50, 5),
                config.streamOptimizer());
        assertEquals(new GatewayConfig.PluginsConfig(Path.of("plugins"), minimal()), config.plugins());
        assertEquals(config.plugins(), result.plugins());
    }

    @Test
    void blankValuesMeanTheDefault() {
        GatewayConfig config = valid("PORT", "  ", "SEARCH_MODELS", "", "SHOW_SEARCH_LINK", "");

        assertEquals(8000, config.server().port());
        assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-pro"), config.models().searchModels());
        assertTrue(config.features().showSearchLink());
    }

    @Test
    void listsAreReadAsJsonArraysOrCommaSeparated() {
        GatewayConfig config = valid(
                "API_KEYS", "[\"" + KEY_1 + "\", \" " + KEY_2 + " \", \"\"]",
                "ALLOWED_TOKENS", " a , b,,c ,",
                "SEARCH_MODELS", "['gemini-x', 'models/gemini-y',]",
                "IMAGE_MODELS", "[]",
                "THINKING_MODELS", "models/gemini-2.5-flash, gemini-2.5-pro",
                "FILTERED_MODELS", "only-one");

        assertEquals(List.of(new Secret(KEY_1), new Secret(KEY_2)), config.keys().apiKeys());
        assertEquals(List.of(new Secret("a"), new Secret("b"), new Secret("c")), config.auth().allowedTokens());
        assertEquals(List.of("gemini-x", "gemini-y"), config.models().searchModels());
        assertEquals(List.of(), config.models().imageModels());
        assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-pro"), config.models().thinkingModels());
        assertEquals(List.of("only-one"), config.models().filteredModels());
    }

    @Test
    void modelSettingsLoseTheirModelsPrefix() {
        GatewayConfig config = valid("TEST_MODEL", "models/gemini-2.0-flash", "CREATE_IMAGE_MODEL", "models/imagen-4");

        assertEquals("gemini-2.0-flash", config.upstream().testModel());
        assertEquals("imagen-4", config.models().createImageModel());
    }

    @Test
    void aListThatIsNotAnArrayOfStringsIsAnError() {
        ConfigResult result = load(minimal("SEARCH_MODELS", "[\"a\", 1]", "IMAGE_MODELS", "[\"unclosed\""));

        assertEquals(List.of(
                        new ConfigProblem("SEARCH_MODELS", "[\"a\", 1]", "a JSON array of strings or a comma-separated list"),
                        new ConfigProblem("IMAGE_MODELS", "[\"unclosed\"", "a JSON array of strings or a comma-separated list")),
                result.errors());
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "On,true",
                "false,false", "False,false", "0,false", "no,false", "OFF,false"})
    void booleansAcceptTheUsualSpellings(String written, boolean expected) {
        GatewayConfig config = valid(
                "TOOLS_CODE_EXECUTION_ENABLED", written,
                "SHOW_SEARCH_LINK", written,
                "SHOW_THINKING_PROCESS", written,
                "STREAM_OPTIMIZER_ENABLED", written);

        assertEquals(expected, config.features().codeExecution());
        assertEquals(expected, config.features().showSearchLink());
        assertEquals(expected, config.features().showThinkingProcess());
        assertEquals(expected, config.streamOptimizer().enabled());
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        Map<String, String> settings = new HashMap<>();
        settings.putAll(Map.of(
                "BASE_URL", "ftp://example.com",
                "MAX_FAILURES", "0",
                "MAX_RETRIES", "-1",
                "TIME_OUT", "soon",
                "CHECK_INTERVAL_HOURS", "-2",
                "SHOW_SEARCH_LINK", "maybe",
                "UPLOAD_PROVIDER", "aliyun_oss",
                "SMMS_API_URL", "not a url",
                "CLOUDFLARE_IMGBED_URL", "/relative/upload",
                "STREAM_MIN_DELAY", "-0.5"));
        settings.putAll(Map.of(
                "STREAM_CHUNK_SIZE", "0",
                "PORT", "70000",
                "MAX_REQUEST_BODY_MB", "0",
                "SHUTDOWN_DRAIN_SECONDS", "1.5",
                "LOG_LEVEL", "LOUD",
                "SAFETY_SETTINGS", "{}",
                "STREAM_SHORT_TEXT_THRESHOLD", "x",
                "PICGO_API_URL", "https://"));

        ConfigResult result = load(settings);

        assertEquals(Optional.empty(), result.config());
        assertEquals(Set.of(
                        "PORT", "MAX_REQUEST_BODY_MB", "SHUTDOWN_DRAIN_SECONDS",
                        "API_KEYS", "MAX_FAILURES", "MAX_RETRIES", "CHECK_INTERVAL_HOURS",
                        "ALLOWED_TOKENS",
                        "BASE_URL", "TIME_OUT",
                        "SHOW_SEARCH_LINK", "SAFETY_SETTINGS",
                        "SMMS_API_URL", "PICGO_API_URL", "CLOUDFLARE_IMGBED_URL",
                        "STREAM_MIN_DELAY", "STREAM_SHORT_TEXT_THRESHOLD", "STREAM_CHUNK_SIZE",
                        "LOG_LEVEL"),
                Set.copyOf(errorSettings(result)));
        assertEquals(19, result.errors().size(), result.errors()::toString);
        assertTrue(result.errors().contains(
                new ConfigProblem("PORT", "70000", "an integer between 0 and 65535")));
        assertTrue(result.errors().contains(
                new ConfigProblem("MAX_FAILURES", "0", "an integer of at least 1")));
        assertTrue(result.errors().contains(
                new ConfigProblem("BASE_URL", "ftp://example.com", "an absolute http or https URL")));
        assertTrue(result.errors().contains(
                new ConfigProblem("API_KEYS", "", "at least one Gemini API key")));
        assertEquals(LogLevel.INFO, result.logLevel());
        assertEquals(settings, result.plugins().settings(), "plugins can be listed even so");
    }

    @Test
    void aProblemPrintsInArmeriaStyle() {
        assertEquals("PORT: 70000 (expected: an integer between 0 and 65535)",
                new ConfigProblem("PORT", "70000", "an integer between 0 and 65535").toString());
        assertEquals("API_KEYS: <empty> (expected: at least one Gemini API key)",
                new ConfigProblem("API_KEYS", "", "at least one Gemini API key").toString());
    }

    @Test
    void secretsAreMaskedInEveryProblem() {
        String paidKey = "AIzaSyP-paid-key-0123456789abcdef";
        String misspeltKey = "AIzaSyM-misspelt-0123456789abcdef";
        ConfigResult result = ConfigLoader.load(
                Map.of(
                        "API_KEYS", "[\"" + KEY_1 + "\", \"" + KEY_1 + "\", \"" + KEY_2 + "\"]",
                        "ALLOWED_TOKENS", "[\"" + CLIENT_TOKEN + "\"",
                        "PAID_KEY", paidKey,
                        "API_KEY", misspeltKey),
                Set.of("API_KEYS", "ALLOWED_TOKENS", "PAID_KEY", "API_KEY"));

        List<ConfigProblem> problems = Stream.concat(result.errors().stream(), result.warnings().stream()).toList();
        assertEquals(Set.of("ALLOWED_TOKENS"), Set.copyOf(errorSettings(result)));
        assertTrue(problems.stream().anyMatch(p -> p.setting().equals("API_KEYS")), "duplicate key warning");
        assertTrue(problems.stream().anyMatch(p -> p.setting().equals("API_KEY")), "unknown name warning");
        for (ConfigProblem problem : problems) {
            for (String secret : List.of(KEY_1, KEY_2, CLIENT_TOKEN, paidKey, misspeltKey)) {
                assertFalse(problem.toString().contains(secret), () -> problem + " shows a secret");
            }
        }
        assertTrue(result.warnings().contains(
                new ConfigProblem("API_KEYS", "AIzaSy...cdef", "each key once; the duplicate is ignored")));
    }

    @Test
    void duplicateKeysAreDroppedKeepingTheFirstOccurrence() {
        ConfigResult result = load(minimal("API_KEYS", KEY_2 + "," + KEY_1 + "," + KEY_2));

        assertEquals(List.of(new Secret(KEY_2), new Secret(KEY_1)), result.config().orElseThrow().keys().apiKeys());
        assertEquals(1, result.warnings().size());
    }

    @Test
    void withoutAuthTokenAdminFeaturesAreOffAndTheClientTokenIsNotPromoted() {
        Map<String, String> settings = minimal();
        settings.remove("AUTH_TOKEN");

        ConfigResult result = load(settings);

        assertEquals(Optional.empty(), result.config().orElseThrow().auth().adminToken());
        assertEquals(List.of(new Secret(CLIENT_TOKEN)), result.config().orElseThrow().auth().allowedTokens());
        assertEquals(List.of(new ConfigProblem(
                        "AUTH_TOKEN", "", "an admin token; admin features are off: set AUTH_TOKEN")),
                result.warnings());
    }

    @Test
    void anAuthTokenAloneLetsClientsIn() {
        Map<String, String> settings = minimal();
        settings.remove("ALLOWED_TOKENS");

        ConfigResult result = load(settings);

        assertEquals(List.of(), result.errors());
        assertEquals(List.of(), result.config().orElseThrow().auth().allowedTokens());
    }

    @Test
    void withNeitherClientNorAdminTokenNoClientCouldAuthenticate() {
        ConfigResult result = load(Map.of("API_KEYS", KEY_1, "SMMS_SECRET_TOKEN", "t"));

        assertEquals(List.of(new ConfigProblem("ALLOWED_TOKENS", "",
                        "at least one token in ALLOWED_TOKENS or AUTH_TOKEN, otherwise no client could authenticate")),
                result.errors());
    }

    @ParameterizedTest
    @CsvSource({"0,1", "1,1", "5,5"})
    void maxRetriesCountsAttemptsAndAlwaysAllowsOne(String maxRetries, int expectedAttempts) {
        assertEquals(expectedAttempts, valid("MAX_RETRIES", maxRetries).keys().maxAttempts());
    }

    @Test
    void numbersAndDurationsAreConverted() {
        GatewayConfig config = valid(
                "PORT", "0",
                "MAX_REQUEST_BODY_MB", "2",
                "SHUTDOWN_DRAIN_SECONDS", "0",
                "TIME_OUT", "60",
                "MAX_FAILURES", "10",
                "CHECK_INTERVAL_HOURS", "0",
                "STREAM_MIN_DELAY", "0",
                "STREAM_MAX_DELAY", "1.5",
                "STREAM_CHUNK_SIZE", "1");

        assertEquals(0, config.server().port());
        assertEquals(2L * 1024 * 1024, config.server().maxRequestBodyBytes());
        assertEquals(Duration.ZERO, config.server().drainTimeout());
        assertEquals(Duration.ofSeconds(60), config.upstream().timeout());
        assertEquals(10, config.keys().maxFailures());
        assertEquals(0, config.keys().checkIntervalHours());
        assertEquals(Duration.ZERO, config.streamOptimizer().minDelay());
        assertEquals(Duration.ofMillis(1500), config.streamOptimizer().maxDelay());
        assertEquals(1, config.streamOptimizer().chunkSize());
    }

    @Test
    void streamOptimizerBoundsMustBeOrdered() {
        ConfigResult result = load(minimal(
                "STREAM_MIN_DELAY", "0.5", "STREAM_MAX_DELAY", "0.1",
                "STREAM_SHORT_TEXT_THRESHOLD", "50", "STREAM_LONG_TEXT_THRESHOLD", "50"));

        assertEquals(List.of(
                        new ConfigProblem("STREAM_MAX_DELAY", "0.1", "at least STREAM_MIN_DELAY (0.5)"),
                        new ConfigProblem("STREAM_LONG_TEXT_THRESHOLD", "50", "more than STREAM_SHORT_TEXT_THRESHOLD (50)")),
                result.errors());
    }

    @Test
    void anInvalidBoundIsNotComparedWithItsPartner() {
        ConfigResult result = load(minimal("STREAM_MIN_DELAY", "abc", "STREAM_MAX_DELAY", "0.001"));

        assertEquals(List.of("STREAM_MIN_DELAY"), errorSettings(result));
    }

    @Test
    void baseUrlLosesItsTrailingSlash() {
        assertEquals(URI.create("http://relay.local:8080/v1beta"),
                valid("BASE_URL", "http://relay.local:8080/v1beta/").upstream().baseUrl());
    }

    @Test
    void safetySettingsAreReadAndEachBadEntryIsItsOwnError() {
        GatewayConfig config = valid("SAFETY_SETTINGS",
                "[{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"OFF\"},"
                        + " {\"category\": \"HARM_CATEGORY_CIVIC_INTEGRITY\", \"threshold\": \"BLOCK_NONE\"}]");
        assertEquals(List.of(
                        new SafetySetting("HARM_CATEGORY_HARASSMENT", "OFF"),
                        new SafetySetting("HARM_CATEGORY_CIVIC_INTEGRITY", "BLOCK_NONE")),
                config.features().safetySettings());

        ConfigResult result = load(minimal("SAFETY_SETTINGS",
                "[{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"OFF\"},"
                        + " {\"category\": \"HARM_CATEGORY_VIOLENCE\", \"threshold\": \"OFF\"},"
                        + " {\"category\": \"HARM_CATEGORY_HATE_SPEECH\", \"threshold\": \"BLOCK_ALL\"},"
                        + " \"BLOCK_NONE\"]"));

        assertEquals(List.of("SAFETY_SETTINGS[1]", "SAFETY_SETTINGS[2]", "SAFETY_SETTINGS[3]"), errorSettings(result));
        assertTrue(result.errors().get(0).expected().startsWith("a category among HARM_CATEGORY_HARASSMENT, "));
        assertTrue(result.errors().get(1).expected().startsWith("a threshold among BLOCK_NONE, "));
        assertTrue(result.errors().get(2).expected().contains("category")
                && result.errors().get(2).expected().contains("threshold"));
        assertEquals("{\"category\":\"HARM_CATEGORY_VIOLENCE\",\"threshold\":\"OFF\"}", result.errors().get(0).value());
    }

    @Test
    void imageFetchNetworksAreHostsAddressesOrRanges() {
        ConfigResult good = load(minimal("IMAGE_FETCH_ALLOWED_NETWORKS", "[\"10.0.0.0/8\",\"::1\",\"images.internal\"]"));
        ConfigResult bad = load(minimal("IMAGE_FETCH_ALLOWED_NETWORKS", "10.0.0.0/8,http://x/y"));

        assertEquals(List.of("10.0.0.0/8", "::1", "images.internal"),
                good.config().orElseThrow().upstream().imageFetchAllowedNetworks());
        assertEquals(List.of(new ConfigProblem("IMAGE_FETCH_ALLOWED_NETWORKS", "http://x/y",
                "host names, IP addresses or CIDR ranges like 10.0.0.0/8")), bad.errors());
    }

    @Test
    void safetySettingsMustBeAnArray() {
        ConfigResult result = load(minimal("SAFETY_SETTINGS", "OFF"));

        assertEquals(List.of(new ConfigProblem("SAFETY_SETTINGS", "OFF",
                        "a JSON array of {\"category\": …, \"threshold\": …} objects")),
                result.errors());
    }

    @Test
    void anyUploaderIdIsAcceptedSinceThePluginsInstalledDecideWhichExist() {
        ConfigResult result = load(minimal("UPLOAD_PROVIDER", "My_Image_Host"));

        assertEquals("my_image_host", result.config().orElseThrow().upload().provider());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void aChosenUploaderWithoutItsSettingsIsLeftToThePluginHostToReport() {
        Map<String, String> settings = minimal("UPLOAD_PROVIDER", "picgo");
        settings.remove("SMMS_SECRET_TOKEN");

        ConfigResult result = load(settings);

        assertEquals("picgo", result.config().orElseThrow().upload().provider());
        assertEquals(List.of(), result.warnings(), "only the uploader knows which settings it needs");
    }

    @ParameterizedTest
    @CsvSource({"''", "smms"})
    void smmsTheDefaultProviderWithoutItsTokenIsNotWarnedAbout(String provider) {
        Map<String, String> settings = minimal("UPLOAD_PROVIDER", provider);
        settings.remove("SMMS_SECRET_TOKEN");

        ConfigResult result = load(settings);

        assertEquals(List.of(), result.warnings(), "images fall back to data URLs, as documented");
        assertEquals(Optional.empty(), result.config().orElseThrow().upload().smmsSecretToken());
    }

    @Test
    void aConfiguredProviderIsNormalisedAndNotWarnedAbout() {
        ConfigResult result = load(minimal(
                "UPLOAD_PROVIDER", "CLOUDFLARE_IMGBED",
                "CLOUDFLARE_IMGBED_URL", "https://img.example.pages.dev/upload",
                "CLOUDFLARE_IMGBED_UPLOAD_FOLDER", "gemini"));

        GatewayConfig.UploadConfig upload = result.config().orElseThrow().upload();
        assertEquals("cloudflare_imgbed", upload.provider());
        assertEquals(Optional.of(URI.create("https://img.example.pages.dev/upload")), upload.cloudflareImgbedUrl());
        assertEquals("gemini", upload.cloudflareImgbedUploadFolder());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void pluginsDirIsAPathRelativeToTheWorkingDirectory() {
        GatewayConfig config = valid("PLUGINS_DIR", "/opt/gateway/extra-plugins");

        assertEquals(Path.of("/opt/gateway/extra-plugins"), config.plugins().directory());
    }

    @Test
    void pluginsDirDefaultsToThePluginsOfTheInstallationTheLauncherNames() {
        String previous = System.getProperty(ConfigLoader.HOME_PROPERTY);
        System.setProperty(ConfigLoader.HOME_PROPERTY, "/opt/gemini-balance");
        try {
            assertEquals(Path.of("/opt/gemini-balance", "plugins"), valid().plugins().directory());
        } finally {
            if (previous == null) {
                System.clearProperty(ConfigLoader.HOME_PROPERTY);
            } else {
                System.setProperty(ConfigLoader.HOME_PROPERTY, previous);
            }
        }
    }

    @Test
    void theRawSettingsThatPluginsReadNeverPrint() {
        GatewayConfig config = valid();

        assertFalse(config.toString().contains(KEY_1), config::toString);
        assertTrue(config.plugins().toString().contains("settings=4 values"), config.plugins()::toString);
    }

    @Test
    void theMetricsTokenIsReadAsASecret() {
        String token = "metrics-token-0123456789";
        Map<String, String> settings = minimal("METRICS_TOKEN", token);

        ConfigResult result = ConfigLoader.load(settings, settings.keySet());

        assertEquals(List.of(), result.warnings(), "a known setting, no longer only inherited");
        GatewayConfig config = result.config().orElseThrow();
        assertEquals(Optional.of(new Secret(token)), config.auth().metricsToken());
        assertFalse(config.toString().contains(token), config::toString);
    }

    @ParameterizedTest
    @CsvSource({"debug, DEBUG", "TRACE, TRACE", "warning, WARN", "WARN, WARN", "critical, ERROR"})
    void logLevelIsReadCaseInsensitively(String written, LogLevel expected) {
        assertEquals(expected, load(minimal("LOG_LEVEL", written)).logLevel());
    }

    @Test
    void unknownNamesAreWarnedAboutOnlyWhenExplicitAndNotInherited() {
        Map<String, String> settings = minimal("PATH", "/bin", "MAX_FAILRUE", "3", "TTS_MODEL", "x", "OSS_BUCKET_NAME", "b");

        ConfigResult result = ConfigLoader.load(settings, Set.of("MAX_FAILRUE", "TTS_MODEL", "OSS_BUCKET_NAME", "PORT"));

        assertEquals(List.of(new ConfigProblem(
                        "MAX_FAILRUE", "*", "a known setting name; this is an unknown setting (typo?)")),
                result.warnings());
    }
}
