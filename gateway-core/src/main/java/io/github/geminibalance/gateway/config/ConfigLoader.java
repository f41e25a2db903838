package io.github.geminibalance.gateway.config;

import io.github.geminibalance.gateway.config.GatewayConfig.AuthConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.KeysConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.ModelsConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.PluginsConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.LogsConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.StateConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.ServerConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.StreamOptimizerConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.UploadConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.UpstreamConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link GatewayConfig} from the original gateway's setting names, checking every
 * setting and reporting all problems at once, so that an operator fixes a broken {@code .env} in
 * one pass. Names, defaults and rules are documented in {@code conf/.env.example}.
 */
public final class ConfigLoader {

    /**
     * What the warning about a name no part of the gateway reads expects. Plugins read settings of
     * their own, so whoever knows the installed plugins drops these warnings for their names.
     */
    public static final String UNKNOWN_SETTING = "a known setting name; this is an unknown setting (typo?)";

    /** A host name, an IPv4 or IPv6 address, or a CIDR range of either. */
    private static final java.util.regex.Pattern NETWORK_ENTRY =
            java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+|[0-9.]+/\\d{1,2}|[0-9A-Fa-f:]+(/\\d{1,3})?");

    /** The system property the launcher sets to the installation directory. */
    public static final String HOME_PROPERTY = "gemini.balance.home";

    private ConfigLoader() {}

    /** Loads the merged settings; problems of the sources themselves (an unreadable file) are errors too. */
    public static ConfigResult load(SettingsSources sources) {
        ConfigResult result = load(sources.values(), sources.explicitNames());
        if (sources.errors().isEmpty()) {
            return result;
        }
        List<ConfigProblem> errors = new ArrayList<>(sources.errors());
        errors.addAll(result.errors());
        return new ConfigResult(Optional.empty(), errors, result.warnings(), result.logLevel(), result.plugins());
    }

    /**
     * Loads raw settings.
     *
     * @param settings every setting by name; other names (such as {@code PATH}) are ignored
     * @param explicitNames the names the operator wrote for this gateway; the unknown ones are
     *     reported as warnings, since they are probably misspelt
     */
    public static ConfigResult load(Map<String, String> settings, Set<String> explicitNames) {
        SettingReader in = new SettingReader(settings);
        GatewayConfig candidate = new GatewayConfig(server(in), keys(in), auth(in), upstream(in), models(in),
                features(in), upload(in), streamOptimizer(in), plugins(in, settings), state(in));
        LogLevel logLevel = in.parsed("LOG_LEVEL", LogLevel.INFO, "one of TRACE, DEBUG, INFO, WARN, ERROR", LogLevel::parse);
        for (String name : explicitNames) {
            if (!in.consulted(name) && !InheritedSettings.contains(name)) {
                // The value of a misspelt name may be anything, a key included.
                in.warning(name, Secret.mask(settings.getOrDefault(name, "")), UNKNOWN_SETTING);
            }
        }
        return in.result(candidate, logLevel);
    }

    private static ServerConfig server(SettingReader in) {
        String host = in.string("HOST", "0.0.0.0");
        // 0 asks for any free port, which tests use.
        int port = in.integer("PORT", 8000, 0, 65535);
        long maxBodyBytes = in.integer("MAX_REQUEST_BODY_MB", 100, 1, Integer.MAX_VALUE) * 1024L * 1024L;
        Duration drain = Duration.ofSeconds(in.integer("SHUTDOWN_DRAIN_SECONDS", 30, 0, Integer.MAX_VALUE));
        return new ServerConfig(host, port, maxBodyBytes, drain);
    }

    private static KeysConfig keys(SettingReader in) {
        List<Secret> apiKeys = withoutDuplicateKeys(in, in.secretList("API_KEYS"));
        if (apiKeys.isEmpty() && in.allValid("API_KEYS")) {
            in.error("API_KEYS", "", "at least one Gemini API key");
        }
        int maxFailures = in.integer("MAX_FAILURES", 3, 1, Integer.MAX_VALUE);
        // MAX_RETRIES counts attempts, as in the original; 0 still means the one attempt every request gets.
        int maxAttempts = Math.max(1, in.integer("MAX_RETRIES", 3, 0, Integer.MAX_VALUE));
        Optional<Secret> paidKey = in.secret("PAID_KEY");
        int checkIntervalHours = in.integer("CHECK_INTERVAL_HOURS", 1, 0, Integer.MAX_VALUE);
        return new KeysConfig(apiKeys, maxFailures, maxAttempts, paidKey, checkIntervalHours);
    }

    private static List<Secret> withoutDuplicateKeys(SettingReader in, List<Secret> keys) {
        Set<Secret> unique = new LinkedHashSet<>();
        for (Secret key : keys) {
            if (!unique.add(key)) {
                in.warning("API_KEYS", key.masked(), "each key once; the duplicate is ignored");
            }
        }
        return List.copyOf(unique);
    }

    private static AuthConfig auth(SettingReader in) {
        List<Secret> allowedTokens = in.secretList("ALLOWED_TOKENS");
        Optional<Secret> adminToken = in.secret("AUTH_TOKEN");
        if (allowedTokens.isEmpty() && adminToken.isEmpty() && in.allValid("ALLOWED_TOKENS")) {
            in.error("ALLOWED_TOKENS", "",
                    "at least one token in ALLOWED_TOKENS or AUTH_TOKEN, otherwise no client could authenticate");
        }
        if (adminToken.isEmpty()) {
            // Unlike the original, the first client token does not silently become the admin token.
            in.warning("AUTH_TOKEN", "", "an admin token; admin features are off: set AUTH_TOKEN");
        }
        return new AuthConfig(allowedTokens, adminToken, in.secret("METRICS_TOKEN"));
    }

    private static UpstreamConfig upstream(SettingReader in) {
        URI baseUrl = in.httpUrl("BASE_URL", "https://generativelanguage.googleapis.com/v1beta");
        // Paths are appended to the base URL, so a trailing slash would double up.
        String withoutSlash = baseUrl.toString().replaceFirst("/+$", "");
        Duration timeout = Duration.ofSeconds(in.integer("TIME_OUT", 300, 1, Integer.MAX_VALUE));
        String testModel = modelName(in.string("TEST_MODEL", "gemini-2.5-flash-lite"));
        List<String> imageNetworks = in.list("IMAGE_FETCH_ALLOWED_NETWORKS", List.of());
        for (String entry : imageNetworks) {
            if (!NETWORK_ENTRY.matcher(entry).matches()) {
                in.error("IMAGE_FETCH_ALLOWED_NETWORKS", entry, "host names, IP addresses or CIDR ranges like 10.0.0.0/8");
            }
        }
        return new UpstreamConfig(URI.create(withoutSlash), timeout, testModel, imageNetworks);
    }

    private static ModelsConfig models(SettingReader in) {
        return new ModelsConfig(
                modelNames(in.list("SEARCH_MODELS", List.of("gemini-2.5-flash", "gemini-2.5-pro"))),
                modelNames(in.list("IMAGE_MODELS", List.of("gemini-2.0-flash-exp", "gemini-2.5-flash-image-preview"))),
                modelNames(in.list("THINKING_MODELS", List.of())),
                modelNames(in.list("FILTERED_MODELS", List.of(
                        "gemini-1.0-pro-vision-latest",
                        "gemini-pro-vision",
                        "chat-bison-001",
                        "text-bison-001",
                        "embedding-gecko-001"))),
                modelName(in.string("CREATE_IMAGE_MODEL", "imagen-3.0-generate-002")));
    }

    private static List<String> modelNames(List<String> names) {
        return names.stream().map(ConfigLoader::modelName).toList();
    }

    /** Gemini lists models as {@code models/<id>}; people copy that form into settings. */
    private static String modelName(String name) {
        return name.startsWith("models/") ? name.substring("models/".length()) : name;
    }

    private static FeaturesConfig features(SettingReader in) {
        return new FeaturesConfig(
                in.bool("TOOLS_CODE_EXECUTION_ENABLED", false),
                in.bool("SHOW_SEARCH_LINK", true),
                in.bool("SHOW_THINKING_PROCESS", true),
                SafetySettings.read(in),
                in.bool("URL_CONTEXT_ENABLED", false),
                modelNames(in.list("URL_CONTEXT_MODELS", List.of(
                        "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash",
                        "gemini-2.0-flash-live-001"))));
    }

    private static UploadConfig upload(SettingReader in) {
        // Any id may name an uploader: which ones exist depends on the plugins installed. Without the
        // chosen uploader, or without its settings, images are returned as data URLs.
        return new UploadConfig(
                in.string("UPLOAD_PROVIDER", "smms").toLowerCase(Locale.ROOT),
                in.secret("SMMS_SECRET_TOKEN"),
                in.httpUrl("SMMS_API_URL", "https://sm.ms/api/v2/upload"),
                in.secret("PICGO_API_KEY"),
                in.httpUrl("PICGO_API_URL", "https://www.picgo.net/api/1/upload"),
                in.optionalHttpUrl("CLOUDFLARE_IMGBED_URL"),
                in.secret("CLOUDFLARE_IMGBED_AUTH_CODE"),
                in.string("CLOUDFLARE_IMGBED_UPLOAD_FOLDER", ""));
    }

    private static StreamOptimizerConfig streamOptimizer(SettingReader in) {
        boolean enabled = in.bool("STREAM_OPTIMIZER_ENABLED", false);
        Duration minDelay = in.seconds("STREAM_MIN_DELAY", Duration.ofMillis(16));
        Duration maxDelay = in.seconds("STREAM_MAX_DELAY", Duration.ofMillis(24));
        if (maxDelay.compareTo(minDelay) < 0 && in.allValid("STREAM_MIN_DELAY", "STREAM_MAX_DELAY")) {
            in.error("STREAM_MAX_DELAY", seconds(maxDelay), "at least STREAM_MIN_DELAY (" + seconds(minDelay) + ")");
        }
        int shortThreshold = in.integer("STREAM_SHORT_TEXT_THRESHOLD", 10, 0, Integer.MAX_VALUE);
        int longThreshold = in.integer("STREAM_LONG_TEXT_THRESHOLD", 50, 0, Integer.MAX_VALUE);
        if (longThreshold <= shortThreshold
                && in.allValid("STREAM_SHORT_TEXT_THRESHOLD", "STREAM_LONG_TEXT_THRESHOLD")) {
            in.error("STREAM_LONG_TEXT_THRESHOLD", Integer.toString(longThreshold),
                    "more than STREAM_SHORT_TEXT_THRESHOLD (" + shortThreshold + ")");
        }
        int chunkSize = in.integer("STREAM_CHUNK_SIZE", 5, 1, Integer.MAX_VALUE);
        return new StreamOptimizerConfig(enabled, minDelay, maxDelay, shortThreshold, longThreshold, chunkSize);
    }

    /** Installed, the plugins sit beside {@code lib/}; run from anywhere else, in {@code ./plugins}. */
    private static PluginsConfig plugins(SettingReader in, Map<String, String> settings) {
        String home = System.getProperty(HOME_PROPERTY);
        Path fallback = home == null ? Path.of("plugins") : Path.of(home, "plugins");
        Path directory = in.parsed("PLUGINS_DIR", fallback, "a directory path", raw -> {
            try {
                return Optional.of(Path.of(raw));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        });
        return new PluginsConfig(directory, settings);
    }

    /**
     * SQLite by default, in {@code ./data/<SQLITE_DATABASE>.db} as in the original gateway. MySQL,
     * the original's default, is not supported: such a configuration keeps its states in SQLite
     * and says so. {@code none} keeps nothing across restarts.
     */
    private static StateConfig state(SettingReader in) {
        String type = in.string("DATABASE_TYPE", "sqlite").toLowerCase(Locale.ROOT);
        String name = in.string("SQLITE_DATABASE", "default_db");
        Path file = name.contains("/") || name.endsWith(".db") ? Path.of(name) : Path.of("data", name + ".db");
        LogsConfig logs = new LogsConfig(in.bool("ERROR_LOG_RECORD_REQUEST_BODY", false),
                retention(in, "AUTO_DELETE_ERROR_LOGS", true, 7), retention(in, "AUTO_DELETE_REQUEST_LOGS", true, 30));
        switch (type) {
            case "none" -> {
                return new StateConfig(Optional.empty(), logs);
            }
            case "mysql" -> in.warning("DATABASE_TYPE", type,
                    "sqlite or none; MySQL is not supported, so key states and logs are kept in " + file);
            case "sqlite" -> { }
            default -> in.error("DATABASE_TYPE", type, "sqlite, or none to keep no state across restarts");
        }
        return new StateConfig(Optional.of(file), logs);
    }

    /**
     * {@code <family>_ENABLED} and {@code <family>_DAYS}, the original's names. Its defaults too,
     * but for the request log, which it kept for ever and which grew to fill disks.
     */
    private static Optional<Duration> retention(SettingReader in, String family, boolean enabled, int days) {
        boolean on = in.bool(family + "_ENABLED", enabled);
        int kept = in.integer(family + "_DAYS", days, 1, 36_500);
        return on ? Optional.of(Duration.ofDays(kept)) : Optional.empty();
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
