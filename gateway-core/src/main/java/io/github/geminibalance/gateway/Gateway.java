package io.github.geminibalance.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.UnixOperatingSystemMXBean;
import io.github.geminibalance.gateway.admin.AdminApi;
import io.github.geminibalance.gateway.admin.AdminPages;
import io.github.geminibalance.gateway.admin.AdminSessions;
import io.github.geminibalance.gateway.admin.LogsApi;
import io.github.geminibalance.gateway.check.KeyChecker;
import io.github.geminibalance.gateway.check.KeyRecovery;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.GeminiGenerateAdapter;
import io.github.geminibalance.gateway.gemini.GeminiNativeApi;
import io.github.geminibalance.gateway.gemini.NativeRequestRewriter;
import io.github.geminibalance.gateway.gemini.ResourceOwners;
import io.github.geminibalance.gateway.gemini.ToolAssembler;
import io.github.geminibalance.gateway.http.AccessControl;
import io.github.geminibalance.gateway.http.AccessLogHandler;
import io.github.geminibalance.gateway.http.GatewayRouter;
import io.github.geminibalance.gateway.http.KeyListHandler;
import io.github.geminibalance.gateway.http.MetricsHandler;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.ErrorClassifier;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.KeyPool;
import io.github.geminibalance.gateway.metrics.GatewayMetrics;
import io.github.geminibalance.gateway.observe.GatewayObserver;
import io.github.geminibalance.gateway.openai.MediaFetcher;
import io.github.geminibalance.gateway.openai.ImageStore;
import io.github.geminibalance.gateway.openai.OpenAiApi;
import io.github.geminibalance.gateway.openai.OpenAiChatAdapter;
import io.github.geminibalance.gateway.openai.UploadedImages;
import io.github.geminibalance.gateway.plugin.HostPluginContext;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.plugin.PluginHost;
import io.github.geminibalance.gateway.plugin.PluginHttpTransport;
import io.github.geminibalance.gateway.plugin.UploadService;
import io.github.geminibalance.gateway.plugin.UploaderSelection;
import io.github.geminibalance.gateway.protocol.ProtocolAdapterApi;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.redact.Redactor;
import io.github.geminibalance.gateway.state.KeyStatePersister;
import io.github.geminibalance.gateway.state.LogRecorder;
import io.github.geminibalance.gateway.state.LogStore;
import io.github.geminibalance.gateway.state.SqliteLogStore;
import io.github.geminibalance.gateway.state.KeyStateStore;
import io.github.geminibalance.gateway.state.SqliteKeyStateStore;
import io.github.geminibalance.gateway.state.StoreException;
import io.github.geminibalance.gateway.tools.BuiltInTools;
import io.github.geminibalance.gateway.upstream.NetworkGuard;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: the HTTP server, the key pool and the upstream client, wired once from a
 * validated configuration. {@link #start} returns when the port is open; {@link #shutdown} drains.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /**
     * Connections held open to the upstream at most: one per concurrent call on HTTP/1.1, each
     * beside its client's connection, so half of the files the process may open, less a reserve
     * for everything else. Calls beyond it wait for a connection (up to TIME_OUT) rather than
     * failing to open one.
     */
    private static final int MAX_UPSTREAM_CONNECTIONS = (int) Math.min(32_768, (openFileLimit() - 512) / 2);
    /** Resources (files, cached contents, uploads) whose owning key is remembered at most. */
    private static final int MAX_REMEMBERED_RESOURCES = 100_000;
    private static final int MAX_MEDIA_CONNECTIONS = 64;
    private static final int MAX_PLUGIN_CONNECTIONS = 64;
    /** The longest silence from an image host before a plugin's call fails. */
    private static final Duration PLUGIN_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How often changed key states are written to the store. */
    private static final Duration KEY_STATE_WRITE_INTERVAL = Duration.ofSeconds(1);
    /** How often the request and error logs are written. */
    private static final Duration LOG_WRITE_INTERVAL = Duration.ofMillis(500);
    /** How long an upload may take in all, whatever the uploader does. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(60);
    /** Probes in flight at most while scheduled recovery re-checks the keys out of rotation. */
    private static final int RECOVERY_CONCURRENCY = 8;

    private final GatewayConfig config;
    private final InMemoryKeyPool pool;
    private final UpstreamClient upstream;
    /** Fetches client-given image URLs; kept apart so that its guard never slows Google's calls. */
    private final UpstreamClient mediaClient;
    private final ExecutorService mediaStarter;
    /**
     * Plugins' HTTP calls go to image hosts the operator configured, so unlike {@link #mediaClient}
     * this client has no network guard: a host on the operator's own network is a valid choice.
     */
    private final UpstreamClient pluginClient;
    private final ScheduledThreadPoolExecutor timer;
    private final PluginHost plugins;
    private final Optional<KeyStatePersister> keyStates;
    private final Optional<LogRecorder> logs;
    private final GatewayMetrics metrics;
    private final GatewayObserver observer;
    private final UploadService uploads;
    private final GracefulShutdownHandler graceful;
    private final Undertow server;

    private Gateway(GatewayConfig config) {
        this.config = config;
        ObjectMapper json = Json.newMapper();
        Clock clock = Clock.systemUTC();
        pool = new InMemoryKeyPool(
                config.keys().apiKeys().stream().map(ApiKey::new).toList(), config.keys().maxFailures(), clock);
        keyStates = config.state().sqliteFile().flatMap(file -> openKeyStateStore(file, json))
                .map(store -> KeyStatePersister.start(store, pool, KEY_STATE_WRITE_INTERVAL));
        Redactor redactor = Redactor.forConfig(config);
        logs = config.state().sqliteFile().flatMap(Gateway::openLogStore)
                .map(store -> LogRecorder.start(store, config.state().logs(), redactor, clock, LOG_WRITE_INTERVAL));
        metrics = new GatewayMetrics(pool);
        List<GatewayObserver> observers = new ArrayList<>(List.of(metrics.observer()));
        logs.ifPresent(observers::add);
        observer = GatewayObserver.all(observers);
        upstream = new UpstreamClient(config.upstream().timeout(), MAX_UPSTREAM_CONNECTIONS);
        mediaClient = new UpstreamClient(MediaFetcher.TIMEOUT, MAX_MEDIA_CONNECTIONS,
                new NetworkGuard(config.upstream().imageFetchAllowedNetworks()));
        mediaStarter = Executors.newFixedThreadPool(2, daemon("media-fetch"));
        timer = new ScheduledThreadPoolExecutor(1, daemon("gateway-timer"));
        timer.setRemoveOnCancelPolicy(true);
        pluginClient = new UpstreamClient(PLUGIN_IDLE_TIMEOUT, MAX_PLUGIN_CONNECTIONS);
        metrics.watchConnections("upstream", upstream);
        metrics.watchConnections("media", mediaClient);
        metrics.watchConnections("plugin", pluginClient);
        metrics.watchPersistence("key_states", this::keyStatesDegraded);
        metrics.watchPersistence("logs", this::logsDegraded);
        logs.ifPresent(recorder -> metrics.watchDropped("logs", recorder, LogRecorder::dropped));
        KeyChecker checker = new KeyChecker(upstream, timer, config.upstream().baseUrl(),
                config.upstream().testModel(), config.upstream().timeout());
        scheduleRecovery(config, checker);
        plugins = PluginHost.start(config.plugins().directory());
        PluginSettings settings = HostPluginContext.settingsOf(config.plugins().settings());
        PluginContext pluginContext = new HostPluginContext(settings, new PluginHttpTransport(pluginClient, timer), json);
        uploads = uploadService(config, settings, pluginContext);
        List<Loaded<ToolProvider>> tools = new ArrayList<>(BuiltInTools.of(config.features()));
        tools.addAll(plugins.toolProviders());
        NativeRequestRewriter rewriter = new NativeRequestRewriter(config.features(), new ToolAssembler(tools, pluginContext));
        KeyRotatingProxy proxy = proxy(config, pool, redactor);
        // PAID_KEY, when set, is a pool of its own that only image generation draws on. Its one key
        // is never taken out of rotation for transient failures (there is no other key to rotate
        // to, and nothing would put it back): it still cools down on 429s and dies when Google
        // rejects it.
        KeyRotatingProxy imageProxy = config.keys().paidKey()
                .map(paid -> proxy(config, new InMemoryKeyPool(List.of(new ApiKey(paid)), Integer.MAX_VALUE, clock), redactor))
                .orElse(proxy);
        ResourceOwners owners = new ResourceOwners(clock, MAX_REMEMBERED_RESOURCES);
        AdminSessions sessions = new AdminSessions(clock);
        ImageStore images = new UploadedImages(uploads, clock);
        OpenAiChatAdapter openAiChat = new OpenAiChatAdapter(config, json,
                new MediaFetcher(mediaClient, mediaStarter, timer), images);
        ProtocolAdapterApi adapters = new ProtocolAdapterApi(config, json, proxy, owners, rewriter, pluginContext,
                plugins.protocolRoutes(), List.of(new GeminiGenerateAdapter(), openAiChat));
        GatewayRouter router = new GatewayRouter(new AccessControl(config.auth()),
                config.auth().adminToken().isPresent(), new GeminiNativeApi(config, json, proxy, owners, rewriter, adapters),
                new OpenAiApi(config, json, proxy, imageProxy, images, adapters),
                new KeyListHandler(pool, json), new AdminApi(pool, checker, config.upstream().testModel(), json),
                new LogsApi(logs.map(LogRecorder::store), json, clock), sessions,
                new AdminPages(config.auth().adminToken(), sessions, json), adapters, new MetricsHandler(metrics, config.auth()));
        graceful = new GracefulShutdownHandler(new AccessLogHandler(router, observer));
        server = Undertow.builder()
                .addHttpListener(config.server().port(), config.server().host())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, config.server().maxRequestBodyBytes())
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 200)
                .setServerOption(UndertowOptions.MAX_HEADERS, 200)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setHandler(graceful)
                .build();
    }

    /** Re-checks the keys out of rotation every {@code CHECK_INTERVAL_HOURS}; 0 turns it off. */
    private void scheduleRecovery(GatewayConfig config, KeyChecker checker) {
        int hours = config.keys().checkIntervalHours();
        if (hours > 0) {
            new KeyRecovery(pool, checker, RECOVERY_CONCURRENCY).schedule(timer, Duration.ofHours(hours));
        }
    }

    private KeyRotatingProxy proxy(GatewayConfig config, KeyPool keys, Redactor redactor) {
        return new KeyRotatingProxy(keys, new ErrorClassifier(), upstream, config.keys().maxAttempts(),
                config.upstream().timeout(), timer, redactor, observer);
    }

    private UploadService uploadService(GatewayConfig config, PluginSettings settings, PluginContext context) {
        UploaderSelection selection = UploaderSelection.of(config.upload().provider(), settings, plugins);
        selection.errors().forEach(problem -> log.warn("{}", problem));
        selection.warnings().forEach(problem -> log.warn("{}", problem));
        return new UploadService(selection.uploader(), context, timer, UPLOAD_TIMEOUT);
    }

    /** The most files this process may open, as the operating system says; 4,096 when it does not. */
    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? Math.max(1_024, unix.getMaxFileDescriptorCount()) : 4_096;
    }

    /** Starts the gateway; the port is open when this returns. */
    public static Gateway start(GatewayConfig config) {
        Gateway gateway = new Gateway(config);
        try {
            gateway.server.start();
        } catch (RuntimeException e) {
            gateway.release(true); // e.g. the port is taken: no call runs yet, leave no threads behind
            throw e;
        }
        log.info("gemini-balance listening on {}:{} with {} API keys",
                config.server().host(), gateway.port(), config.keys().apiKeys().size());
        gateway.timer.execute(gateway.upstream::prepareTls); // off the start-up path, before the first call
        gateway.timer.execute(gateway.metrics::bindJvmMetrics); // off the start-up path too
        return gateway;
    }

    /** The port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Whether key states cannot be saved right now (they live in memory until the store works
     * again), or ever, because the configured store could not be opened.
     */
    public boolean keyStatesDegraded() {
        return config.state().sqliteFile().isPresent() && keyStates.map(KeyStatePersister::degraded).orElse(true);
    }

    /**
     * Whether the request and error logs cannot be written right now (records wait in memory, and
     * beyond a limit are dropped), or ever, because the configured store could not be opened.
     */
    public boolean logsDegraded() {
        return config.state().sqliteFile().isPresent() && logs.map(LogRecorder::degraded).orElse(true);
    }

    public KeyPool keyPool() {
        return pool;
    }

    public UpstreamClient upstream() {
        return upstream;
    }

    /** The installed plugins and the extensions they brought. */
    public PluginHost plugins() {
        return plugins;
    }

    /** Where generated images go; empty results mean returning them as data URLs. */
    public UploadService uploads() {
        return uploads;
    }

    /**
     * Stops taking requests (new ones get 503), lets the running ones and their streams finish for
     * up to the drain time, then stops everything.
     *
     * @return whether every request finished within the drain time
     */
    public boolean shutdown(Duration drain) {
        graceful.shutdown();
        boolean drained;
        try {
            drained = graceful.awaitShutdown(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            log.warn("requests still running after the {} s drain time are cut off", drain.toSeconds());
        }
        server.stop();
        release(drained);
        return drained;
    }

    /** The store of key states; none when it cannot be opened, which the gateway survives. */
    private static Optional<KeyStateStore> openKeyStateStore(Path file, ObjectMapper json) {
        try {
            KeyStateStore store = new SqliteKeyStateStore(file, json);
            log.info("key states are kept in {}", file.toAbsolutePath());
            return Optional.of(store);
        } catch (StoreException e) {
            log.error("key states will not survive a restart: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The store of the request and error logs; none when it cannot be opened, which the gateway survives. */
    private static Optional<LogStore> openLogStore(Path file) {
        try {
            return Optional.of(new SqliteLogStore(file));
        } catch (StoreException e) {
            log.error("the request and error logs will not be kept: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** @param graceful whether calls may finish; false once the drain time is over */
    private void release(boolean graceful) {
        keyStates.ifPresent(KeyStatePersister::close); // the calls have ended: their last reports are in
        logs.ifPresent(LogRecorder::close);
        for (UpstreamClient client : List.of(upstream, mediaClient, pluginClient)) {
            if (graceful) {
                client.close();
            } else {
                client.closeNow();
            }
        }
        mediaStarter.shutdownNow();
        timer.shutdownNow();
        plugins.close();
        metrics.close();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        shutdown(config.server().drainTimeout());
    }
}
