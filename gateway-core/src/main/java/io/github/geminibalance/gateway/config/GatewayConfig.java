package io.github.geminibalance.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole, validated configuration: one immutable tree built by {@link ConfigLoader} from the
 * original gateway's setting names (see {@code conf/.env.example}).
 */
public record GatewayConfig(
        ServerConfig server,
        KeysConfig keys,
        AuthConfig auth,
        UpstreamConfig upstream,
        ModelsConfig models,
        FeaturesConfig features,
        UploadConfig upload,
        StreamOptimizerConfig streamOptimizer,
        PluginsConfig plugins,
        StateConfig state) {

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(streamOptimizer, "streamOptimizer");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(state, "state");
    }

    /**
     * This configuration with its relative paths (the plugins directory, the state file) taken
     * from {@code directory}, the working directory of the command that runs the gateway.
     */
    public GatewayConfig resolvedAgainst(Path directory) {
        return new GatewayConfig(server, keys, auth, upstream, models, features, upload, streamOptimizer,
                new PluginsConfig(directory.resolve(plugins.directory()), plugins.settings()),
                new StateConfig(state.sqliteFile().map(directory::resolve), state.logs()));
    }

    /**
     * {@code HOST}, {@code PORT}, {@code MAX_REQUEST_BODY_MB}, {@code SHUTDOWN_DRAIN_SECONDS}.
     */
    public record ServerConfig(String host, int port, long maxRequestBodyBytes, Duration drainTimeout) {}

    /**
     * {@code API_KEYS}, {@code MAX_FAILURES}, {@code MAX_RETRIES} (total attempts per request, at
     * least one), {@code PAID_KEY}, {@code CHECK_INTERVAL_HOURS} (0 disables the re-check).
     */
    public record KeysConfig(
            List<Secret> apiKeys, int maxFailures, int maxAttempts, Optional<Secret> paidKey, int checkIntervalHours) {
        public KeysConfig {
            apiKeys = List.copyOf(apiKeys);
        }
    }

    /**
     * {@code ALLOWED_TOKENS} (client tokens), {@code AUTH_TOKEN} (the admin token, also a valid
     * client token; without it the admin features are off) and {@code METRICS_TOKEN} (what a scrape
     * of {@code /metrics} must send; without it {@code /metrics} is open).
     */
    public record AuthConfig(List<Secret> allowedTokens, Optional<Secret> adminToken, Optional<Secret> metricsToken) {
        public AuthConfig {
            allowedTokens = List.copyOf(allowedTokens);
        }
    }

    /**
     * {@code BASE_URL}, {@code TIME_OUT} (per attempt), {@code TEST_MODEL}, and
     * {@code IMAGE_FETCH_ALLOWED_NETWORKS}: the private networks or hosts that image URLs in chat
     * requests may point at (by default none: loopback, private and link-local addresses are refused,
     * so a client cannot aim the gateway at its own network).
     */
    public record UpstreamConfig(URI baseUrl, Duration timeout, String testModel, List<String> imageFetchAllowedNetworks) {
        public UpstreamConfig {
            imageFetchAllowedNetworks = List.copyOf(imageFetchAllowedNetworks);
        }
    }

    /**
     * {@code SEARCH_MODELS}, {@code IMAGE_MODELS}, {@code THINKING_MODELS}, {@code FILTERED_MODELS},
     * {@code CREATE_IMAGE_MODEL}.
     */
    public record ModelsConfig(
            List<String> searchModels,
            List<String> imageModels,
            List<String> thinkingModels,
            List<String> filteredModels,
            String createImageModel) {
        public ModelsConfig {
            searchModels = List.copyOf(searchModels);
            imageModels = List.copyOf(imageModels);
            thinkingModels = List.copyOf(thinkingModels);
            filteredModels = List.copyOf(filteredModels);
        }
    }

    /**
     * {@code TOOLS_CODE_EXECUTION_ENABLED}, {@code SHOW_SEARCH_LINK}, {@code SHOW_THINKING_PROCESS},
     * {@code SAFETY_SETTINGS} (empty: Gemini's own defaults apply), {@code URL_CONTEXT_ENABLED} and
     * {@code URL_CONTEXT_MODELS} (the models that get the URL-context tool when it is enabled).
     */
    public record FeaturesConfig(
            boolean codeExecution, boolean showSearchLink, boolean showThinkingProcess, List<SafetySetting> safetySettings,
            boolean urlContext, List<String> urlContextModels) {
        public FeaturesConfig {
            safetySettings = List.copyOf(safetySettings);
            urlContextModels = List.copyOf(urlContextModels);
        }
    }

    /** One entry of {@code SAFETY_SETTINGS}, as Gemini spells it. */
    public record SafetySetting(String category, String threshold) {}

    /**
     * {@code UPLOAD_PROVIDER}, the id of an uploader plugin in lower case (which ids exist depends on
     * the plugins installed, so the plugin host checks it, not the loader), and the settings of the
     * uploaders that ship with the gateway: {@code SMMS_SECRET_TOKEN},
     * {@code SMMS_API_URL}, {@code PICGO_API_KEY}, {@code PICGO_API_URL},
     * {@code CLOUDFLARE_IMGBED_URL}, {@code CLOUDFLARE_IMGBED_AUTH_CODE},
     * {@code CLOUDFLARE_IMGBED_UPLOAD_FOLDER}.
     */
    public record UploadConfig(
            String provider,
            Optional<Secret> smmsSecretToken,
            URI smmsApiUrl,
            Optional<Secret> picgoApiKey,
            URI picgoApiUrl,
            Optional<URI> cloudflareImgbedUrl,
            Optional<Secret> cloudflareImgbedAuthCode,
            String cloudflareImgbedUploadFolder) {}

    /**
     * {@code STREAM_OPTIMIZER_ENABLED}, {@code STREAM_MIN_DELAY}, {@code STREAM_MAX_DELAY},
     * {@code STREAM_SHORT_TEXT_THRESHOLD}, {@code STREAM_LONG_TEXT_THRESHOLD},
     * {@code STREAM_CHUNK_SIZE}.
     */
    public record StreamOptimizerConfig(
            boolean enabled,
            Duration minDelay,
            Duration maxDelay,
            int shortTextThreshold,
            int longTextThreshold,
            int chunkSize) {}

    /**
     * {@code PLUGINS_DIR}, and every raw setting: plugins read their own settings (a third-party
     * plugin's included) from these, by name.
     *
     * @param directory where the plugin jars are; relative to the working directory when relative
     */
    /**
     * Where key states and the request and error logs outlive a restart.
     *
     * @param sqliteFile the SQLite database file, or empty when nothing is kept ({@code DATABASE_TYPE=none})
     * @param logs what the logs keep, and for how long
     */
    public record StateConfig(Optional<Path> sqliteFile, LogsConfig logs) {
        public StateConfig {
            Objects.requireNonNull(sqliteFile, "sqliteFile");
            Objects.requireNonNull(logs, "logs");
        }
    }

    /**
     * @param recordRequestBody {@code ERROR_LOG_RECORD_REQUEST_BODY}: whether an error log row keeps the body sent upstream
     * @param errorRetention {@code AUTO_DELETE_ERROR_LOGS_*}: how long error log rows are kept; empty for ever
     * @param requestRetention {@code AUTO_DELETE_REQUEST_LOGS_*}: how long request log rows are kept; empty for ever
     */
    public record LogsConfig(boolean recordRequestBody, Optional<Duration> errorRetention, Optional<Duration> requestRetention) {
        public LogsConfig {
            Objects.requireNonNull(errorRetention, "errorRetention");
            Objects.requireNonNull(requestRetention, "requestRetention");
        }
    }

    public record PluginsConfig(Path directory, Map<String, String> settings) {
        public PluginsConfig {
            Objects.requireNonNull(directory, "directory");
            settings = Map.copyOf(settings);
        }

        /** Without the values: the raw settings hold API keys and tokens in clear. */
        @Override
        public String toString() {
            return "PluginsConfig[directory=" + directory + ", settings=" + settings.size() + " values]";
        }
    }
}
