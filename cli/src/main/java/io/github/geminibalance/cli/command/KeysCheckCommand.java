package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.geminibalance.cli.CliContext;
import io.github.geminibalance.cli.mixin.EnvFileOptions;
import io.github.geminibalance.cli.mixin.HelpOptions;
import io.github.geminibalance.gateway.check.CheckProgress;
import io.github.geminibalance.gateway.check.KeyCheckResult;
import io.github.geminibalance.gateway.check.KeyChecker;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigProblem;
import io.github.geminibalance.gateway.config.ConfigResult;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.config.SettingsSources;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code keys check}: probes every key against the upstream, concurrently, and tells which keys
 * work and why the others do not. With {@code --keys-file} only {@code BASE_URL},
 * {@code TEST_MODEL} and {@code TIME_OUT} are read from the settings, so keys can be checked
 * before there is any configuration.
 */
@Command(
        name = "check",
        description = {
            "Check Gemini API keys: each lands in one class with its reason: ok, invalid, suspended,"
                    + " rate-limited (per minute), quota-exhausted (per day), network-error, upstream-error.",
            "The cheap probe reads TEST_MODEL's description, which costs no generation quota; --deep also"
                    + " generates one token with TEST_MODEL. Keys come from API_KEYS, or from --keys-file."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Every key is usable (class ok).",
            "1:Some keys are not usable.",
            "3:No key is usable.",
            "2:Usage error, no keys to check, or invalid BASE_URL, TEST_MODEL or TIME_OUT."
        })
public final class KeysCheckCommand implements Callable<Integer> {

    /** The settings a check reads; every other setting is ignored. */
    private static final List<String> CHECK_SETTINGS = List.of("BASE_URL", "TEST_MODEL", "TIME_OUT");

    /** The output formats. */
    public enum Format {
        TABLE,
        JSON,
        CSV;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOptions help;

    @Mixin
    EnvFileOptions envFile;

    @Option(names = "--keys-file", paramLabel = "FILE",
            description = "Read the keys from FILE, or from standard input for '-': one per line, or any pasted"
                    + " text, from which Google API keys (AIza...) are picked out. Duplicates are dropped."
                    + " Default: API_KEYS from the settings.")
    String keysFile;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Keys checked at the same time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--deep", description = "Also generate one token with TEST_MODEL (costs one request of quota).")
    boolean deep;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--show-keys", description = "Print whole keys instead of their first 6 and last 4 characters.")
    boolean showKeys;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "The longest one probe may take. Default: TIME_OUT.")
    Integer timeoutSeconds;

    private final CliContext context;

    public KeysCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        if (concurrency < 1) {
            throw usage("--concurrency must be at least 1, not " + concurrency);
        }
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw usage("--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        GatewayConfig config = settings();
        List<ApiKey> keys = keysFile == null
                ? config.keys().apiKeys().stream().map(ApiKey::new).toList()
                : readKeys().stream().map(ApiKey::of).toList();
        if (keys.isEmpty()) {
            throw usage("no keys to check in " + (keysFile == null ? "API_KEYS" : keysFile));
        }
        Duration timeout = timeoutSeconds == null ? config.upstream().timeout() : Duration.ofSeconds(timeoutSeconds);
        KeyCheckReport report = new KeyCheckReport(check(keys, config, timeout), showKeys);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case TABLE -> out.print(report.table());
            case JSON -> out.print(report.json());
            case CSV -> {
                out.print(report.csv());
                spec.commandLine().getErr().println(report.summary());
            }
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return report.exitCode();
    }

    private List<KeyCheckResult> check(List<ApiKey> keys, GatewayConfig config, Duration timeout) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "keys-check-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // The terminal is opened only here, and only when a person watches: never for a pipe, CI or tests.
        ProgressLine progressLine = context.terminal() ? ProgressLine.open(context.terminals()).orElse(null) : null;
        Consumer<CheckProgress> progress = progressLine == null ? done -> {} : progressLine;
        try (UpstreamClient client = new UpstreamClient(timeout, concurrency)) {
            KeyChecker checker = new KeyChecker(
                    client, timer, config.upstream().baseUrl(), config.upstream().testModel(), timeout);
            return checker.checkAll(keys, concurrency, deep, progress).join();
        } finally {
            timer.shutdownNow();
            if (progressLine != null) {
                progressLine.close();
            }
        }
    }

    /**
     * {@code BASE_URL}, {@code TEST_MODEL} and {@code TIME_OUT} from the settings, and
     * {@code API_KEYS} unless the keys come from a file. Whatever else the settings hold (or lack,
     * such as {@code ALLOWED_TOKENS}) does not concern a check.
     */
    private GatewayConfig settings() {
        SettingsSources sources = context.settings(envFile.envFile(), Map.of());
        Map<String, String> values = new HashMap<>();
        for (String name : CHECK_SETTINGS) {
            if (sources.values().containsKey(name)) {
                values.put(name, sources.values().get(name));
            }
        }
        // The loader insists on keys and client tokens that a check from a file does not use.
        values.put("API_KEYS", keysFile == null ? sources.values().getOrDefault("API_KEYS", "") : "[\"unused\"]");
        values.put("ALLOWED_TOKENS", "[\"unused\"]");
        ConfigResult result = ConfigLoader.load(values, Set.of());
        List<ConfigProblem> errors = new ArrayList<>(sources.errors());
        errors.addAll(result.errors());
        if (!errors.isEmpty()) {
            throw usage(errors.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
        return result.config().orElseThrow();
    }

    private List<String> readKeys() {
        try {
            String text = keysFile.equals("-")
                    ? new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(context.workingDirectory().resolve(keysFile), StandardCharsets.UTF_8);
            return KeyListText.keys(text);
        } catch (IOException e) {
            throw usage("cannot read the keys from " + keysFile + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
