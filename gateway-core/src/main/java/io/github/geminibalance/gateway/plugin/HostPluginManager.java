package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.plugin.api.PluginApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.JarPluginRepository;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's jar plugin manager as the gateway needs it: {@code Plugin-Requires} checked against
 * {@link PluginApi#VERSION} (PF4J checks nothing without a system version), plain jars described
 * by a {@code plugin.properties} or by {@code Plugin-*} manifest entries whatever {@code pf4j.mode}
 * says, class loaders that share the API with the gateway, and every failure kept with its reason
 * for {@code plugins list} instead of only logged.
 */
final class HostPluginManager extends JarPluginManager {

    /** Jars that could not be loaded at all (no or a broken descriptor), with the reason. */
    private final Map<Path, Throwable> unloadable = new LinkedHashMap<>();
    /** Every plugin loaded; PF4J forgets the ones whose dependencies it cannot resolve. */
    private final List<PluginWrapper> loaded = new ArrayList<>();
    private final ClassLoader gateway;

    /** @param gateway the class loader of the gateway, parent of every plugin's */
    HostPluginManager(Path directory, ClassLoader gateway) {
        super(directory);
        this.gateway = gateway;
        setSystemVersion(PluginApi.VERSION);
        // One plugin with a missing dependency must not stop the others from loading.
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new JarPluginRepository(getPluginsRoots());
    }

    /** Called by PF4J's constructor, before {@link #gateway} is set; it is read only when a plugin loads. */
    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new SharedApiClassLoader(pluginManager, descriptor, gateway);
            }
        };
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new JarDescriptorFinder();
    }

    /** PF4J's factory returns null for a {@code Plugin-Class} it cannot create, which later fails as a bare NPE. */
    @Override
    protected PluginFactory createPluginFactory() {
        PluginFactory factory = new DefaultPluginFactory();
        return wrapper -> {
            Plugin plugin = factory.create(wrapper);
            if (plugin == null) {
                throw new PluginRuntimeException(
                        "cannot create its Plugin-Class {}", wrapper.getDescriptor().getPluginClass());
            }
            return plugin;
        };
    }

    /** PF4J catches only its own exceptions here; any other would end the loading of all plugins. */
    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            PluginWrapper plugin = super.loadPluginFromPath(pluginPath);
            loaded.add(plugin);
            return plugin;
        } catch (RuntimeException | LinkageError e) {
            unloadable.put(pluginPath, e);
            return null;
        }
    }

    Map<Path, Throwable> unloadable() {
        return unloadable;
    }

    /** The plugins loaded but then dropped because their {@code Plugin-Dependencies} are missing or of a wrong version. */
    List<PluginWrapper> unresolved() {
        return loaded.stream().filter(plugin -> getPlugin(plugin.getPluginId()) != plugin).toList();
    }
}
