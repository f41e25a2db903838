package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.plugin.api.PluginApi;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the extensions listed in extension indexes, once, and files them by id (protocol adapters
 * by path too). Whatever a plugin's class does (fails to load, throws in its constructor, answers
 * {@code provider()} or {@code paths()} with an exception, claims a path that is taken) costs that
 * one extension, which is logged with the plugin's id and left out.
 */
final class ExtensionLoader {

    private static final Logger log = LoggerFactory.getLogger(ExtensionLoader.class);

    /** By provider id in lower case, as {@code UPLOAD_PROVIDER} is read. */
    private final SortedMap<String, Loaded<ImageUploader>> uploaders = new TreeMap<>();
    private final Map<String, Loaded<ToolProvider>> tools = new LinkedHashMap<>();
    private final ProtocolRoutes protocols = new ProtocolRoutes();
    private final boolean logFailures;

    /** @param logFailures false when the caller reports the failures itself */
    ExtensionLoader(boolean logFailures) {
        this.logFailures = logFailures;
    }

    /**
     * Creates the extensions of one plugin, or of the gateway itself.
     *
     * @param loader the plugin's class loader; only classes it defines itself count, since a jar
     *     without an index of its own sees the gateway's through its parent
     * @param classNames the plugin's extension index
     * @return what became of each extension
     */
    List<ExtensionSummary> load(String pluginId, ClassLoader loader, Collection<String> classNames) {
        List<ExtensionSummary> summaries = new ArrayList<>();
        for (String className : new TreeSet<>(classNames)) {
            Class<?> type;
            try {
                type = loader.loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                summaries.add(failed(pluginId, Optional.empty(), className, "cannot load the class: " + e, e));
                continue;
            }
            if (Loaded.BUILT_IN.equals(pluginId) || type.getClassLoader() == loader) {
                summaries.add(create(pluginId, type));
            }
        }
        return summaries;
    }

    SortedMap<String, Loaded<ImageUploader>> uploaders() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(uploaders));
    }

    List<Loaded<ToolProvider>> tools() {
        return List.copyOf(tools.values());
    }

    SortedMap<String, Loaded<ProtocolAdapter>> protocolRoutes() {
        return protocols.routes();
    }

    /** Files {@code loaded} under its id in lower case; says why not when another extension has that id. */
    static <T> Optional<String> claimId(Map<String, Loaded<T>> registry, Loaded<T> loaded) {
        Loaded<T> taken = registry.putIfAbsent(loaded.id().toLowerCase(Locale.ROOT), loaded);
        return taken == null ? Optional.empty()
                : Optional.of("its id " + loaded.id() + " is taken by plugin " + taken.pluginId());
    }

    private ExtensionSummary create(String pluginId, Class<?> type) {
        if (ImageUploader.class.isAssignableFrom(type)) {
            return this.<ImageUploader>create(pluginId, type.asSubclass(ImageUploader.class), "ImageUploader",
                    ImageUploader::provider, loaded -> claimId(uploaders, loaded));
        }
        if (ToolProvider.class.isAssignableFrom(type)) {
            return this.<ToolProvider>create(pluginId, type.asSubclass(ToolProvider.class), "ToolProvider",
                    ToolProvider::toolName, loaded -> claimId(tools, loaded));
        }
        if (ProtocolAdapter.class.isAssignableFrom(type)) {
            return this.<ProtocolAdapter>create(pluginId, type.asSubclass(ProtocolAdapter.class), "ProtocolAdapter",
                    ProtocolAdapter::id, protocols::admit);
        }
        return failed(pluginId, Optional.empty(), type.getName(), "implements no extension point of plugin API "
                + PluginApi.VERSION + " (ImageUploader, ToolProvider, ProtocolAdapter)", null);
    }

    /** @param admit registers the extension; says why not when it is refused */
    private <T> ExtensionSummary create(String pluginId, Class<? extends T> type, String point,
            Function<T, String> idOf, Function<Loaded<T>, Optional<String>> admit) {
        Optional<String> knownPoint = Optional.of(point);
        T extension;
        String id;
        try {
            extension = type.getDeclaredConstructor().newInstance();
            id = idOf.apply(extension);
        } catch (InvocationTargetException e) {
            return failed(pluginId, knownPoint, type.getName(), "its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return failed(pluginId, knownPoint, type.getName(), "cannot be created: " + e, e);
        }
        if (id == null || id.isBlank()) {
            return failed(pluginId, knownPoint, type.getName(),
                    "has no id (provider(), toolName() or id() is blank)", null);
        }
        Optional<String> refusal = admit.apply(new Loaded<>(pluginId, id, extension));
        if (refusal.isPresent()) {
            return failed(pluginId, knownPoint, type.getName(), refusal.get(), null);
        }
        return new ExtensionSummary(knownPoint, Optional.of(id), type.getName(), Optional.empty());
    }

    private ExtensionSummary failed(
            String pluginId, Optional<String> point, String className, String reason, Throwable cause) {
        if (logFailures) {
            log.warn("plugin {}: extension {} is left out: {}", pluginId, className, reason, cause);
        }
        return new ExtensionSummary(point, Optional.empty(), className, Optional.of(reason));
    }
}
