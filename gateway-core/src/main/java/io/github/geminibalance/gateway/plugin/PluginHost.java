package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.plugin.api.PluginApi;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.IndexedExtensionFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.processor.ExtensionStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of the gateway: the jars of the plugins directory, loaded through PF4J, and the
 * gateway's own built-in extensions, all created once into an immutable registry. A plugin that
 * cannot be loaded, resolved or started, or an extension that throws while being created, is left
 * out, logged with the plugin's id and reported in {@link #plugins()}: the gateway always starts.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final HostPluginManager manager;
    private final Path directory;
    private final SortedMap<String, Loaded<ImageUploader>> uploaders;
    private final List<Loaded<ToolProvider>> toolProviders;
    private final SortedMap<String, Loaded<ProtocolAdapter>> protocolRoutes;
    private final List<ExtensionSummary> builtIns;
    private final List<PluginSummary> plugins;

    private PluginHost(HostPluginManager manager, Path directory, ExtensionLoader extensions,
            List<ExtensionSummary> builtIns, List<PluginSummary> plugins) {
        this.manager = manager;
        this.directory = directory;
        this.uploaders = extensions.uploaders();
        this.toolProviders = extensions.tools();
        this.protocolRoutes = extensions.protocolRoutes();
        this.builtIns = Stream.concat(builtIns.stream(), BuiltIns.summaries().stream()).toList();
        this.plugins = List.copyOf(plugins);
    }

    /** Loads and starts the plugins of {@code directory} (none when it does not exist), as {@code serve} does. */
    public static PluginHost start(Path directory) {
        return load(directory, true, PluginHost.class.getClassLoader());
    }

    /**
     * Loads the plugins and creates their extensions without starting the plugins: enough to know
     * which uploaders, tools and protocol adapters are installed, without a plugin's start-up work.
     * Failures are not logged: the caller reports {@link #plugins()}.
     */
    public static PluginHost describe(Path directory) {
        return load(directory, false, PluginHost.class.getClassLoader());
    }

    /**
     * @param gateway the gateway's class loader: the extension indexes of its class path list the
     *     built-in extensions, and it is the parent of every plugin's class loader
     */
    static PluginHost load(Path directory, boolean start, ClassLoader gateway) {
        HostPluginManager manager = new HostPluginManager(directory, gateway);
        if (Files.isDirectory(directory)) {
            try {
                manager.loadPlugins();
            } catch (RuntimeException e) {
                // Only a dependency cycle gets here; the plugins involved stay unresolved.
                log.error("plugins in {} could not be resolved: {}", directory, e.toString());
            }
            if (start) {
                manager.startPlugins();
            }
        } else {
            log.info("no plugins directory {}: no plugins loaded", directory.toAbsolutePath());
        }
        ExtensionLoader extensions = new ExtensionLoader(start);
        List<ExtensionSummary> builtIns = extensions.load(Loaded.BUILT_IN, gateway, builtInClassNames(gateway));
        List<PluginSummary> plugins = summaries(manager, extensions, start ? PluginState.STARTED : PluginState.RESOLVED);
        if (start) {
            plugins.forEach(PluginHost::log);
        }
        return new PluginHost(manager, directory, extensions, builtIns, plugins);
    }

    /**
     * The extension indexes of the gateway's class path, read here rather than by PF4J, which
     * reads them through its own class loader whatever the gateway's is.
     */
    private static Set<String> builtInClassNames(ClassLoader gateway) {
        Set<String> classNames = new TreeSet<>();
        try {
            for (URL index : Collections.list(gateway.getResources(IndexedExtensionFinder.EXTENSIONS_RESOURCE))) {
                try (Reader reader = new InputStreamReader(index.openStream(), StandardCharsets.UTF_8)) {
                    ExtensionStorage.read(reader, classNames);
                }
            }
        } catch (IOException e) {
            log.error("cannot read the gateway's extension index, so its built-in extensions are missing: {}",
                    e.toString());
        }
        return classNames;
    }

    /** Every jar, by id; the extensions of those in the {@code usable} state are created on the way. */
    private static List<PluginSummary> summaries(HostPluginManager manager, ExtensionLoader extensions, PluginState usable) {
        List<PluginSummary> plugins = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            String id = plugin.getPluginId();
            List<ExtensionSummary> created = plugin.getPluginState() == usable
                    ? extensions.load(id, plugin.getPluginClassLoader(), manager.getExtensionClassNames(id))
                    : List.of();
            plugins.add(summary(plugin, plugin.getPluginState(), failure(plugin), created));
        }
        for (PluginWrapper plugin : manager.unresolved()) {
            String dependencies = plugin.getDescriptor().getDependencies().stream()
                    .map(PluginDependency::getPluginId)
                    .collect(Collectors.joining(", "));
            String failure = "a plugin it depends on is missing or of a wrong version (" + dependencies + ")";
            plugins.add(summary(plugin, PluginState.FAILED, Optional.of(failure), List.of()));
        }
        manager.unloadable().forEach((jar, cause) -> plugins.add(new PluginSummary(jar.getFileName().toString(), "",
                jar, PluginState.FAILED, Optional.of("cannot be loaded: " + reason(cause)), List.of())));
        plugins.sort(Comparator.comparing(PluginSummary::id));
        return plugins;
    }

    private static PluginSummary summary(
            PluginWrapper plugin, PluginState state, Optional<String> failure, List<ExtensionSummary> extensions) {
        return new PluginSummary(plugin.getPluginId(), plugin.getDescriptor().getVersion(), plugin.getPluginPath(),
                state, failure, extensions);
    }

    /** Why PF4J did not start a plugin; a plugin the operator disabled has failed at nothing. */
    private static Optional<String> failure(PluginWrapper plugin) {
        Throwable failed = plugin.getFailedException();
        if (failed == null) {
            return Optional.empty();
        }
        if (plugin.getPluginState() == PluginState.DISABLED) {
            // PF4J disables a plugin for one reason of its own: an unmet Plugin-Requires.
            return Optional.of("it requires plugin API " + plugin.getDescriptor().getRequires()
                    + "; this gateway has " + PluginApi.VERSION);
        }
        return Optional.of(failed.toString());
    }

    /** PF4J's own messages say it all; another exception's class says what kind of bug it is. */
    private static String reason(Throwable cause) {
        return cause instanceof PluginRuntimeException && cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static void log(PluginSummary plugin) {
        String name = plugin.version().isEmpty() ? plugin.id() : plugin.id() + " " + plugin.version();
        String state = plugin.state().toString().toLowerCase(Locale.ROOT);
        if (plugin.failure().isPresent()) {
            log.warn("plugin {} is not in use ({}): {}", name, state, plugin.failure().get());
        } else {
            String extensions = plugin.extensions().stream()
                    .map(extension -> extension.point().orElse("?") + " " + extension.id().orElse(extension.className()))
                    .collect(Collectors.joining(", "));
            log.info("plugin {}: {}, extensions: {}", name, state, extensions.isEmpty() ? "none" : extensions);
        }
    }

    /** The plugins directory. */
    public Path directory() {
        return directory;
    }

    /** The uploader whose provider id is {@code provider}, compared without regard to case. */
    public Optional<Loaded<ImageUploader>> uploader(String provider) {
        return Optional.ofNullable(uploaders.get(provider.toLowerCase(Locale.ROOT)));
    }

    /** Every uploader, by provider id in lower case. */
    public SortedMap<String, Loaded<ImageUploader>> uploaders() {
        return uploaders;
    }

    /** Every tool provider, the gateway's own first. */
    public List<Loaded<ToolProvider>> toolProviders() {
        return toolProviders;
    }

    /**
     * Every path a plugin's protocol adapter serves, with its adapter: the paths each one named when
     * it was loaded, none of them a path of the gateway's own routes or of another adapter.
     */
    public SortedMap<String, Loaded<ProtocolAdapter>> protocolRoutes() {
        return protocolRoutes;
    }

    /** The gateway's own extensions: its tools and protocol adapters. */
    public List<ExtensionSummary> builtIns() {
        return builtIns;
    }

    /** Every jar of the plugins directory, by id, whatever became of it. */
    public List<PluginSummary> plugins() {
        return plugins;
    }

    /** Stops the plugins and closes their class loaders. */
    @Override
    public void close() {
        try {
            manager.unloadPlugins(); // stops each started plugin first, isolating one that throws
        } catch (RuntimeException e) {
            log.warn("plugins did not stop cleanly: {}", e.toString());
        }
    }
}
