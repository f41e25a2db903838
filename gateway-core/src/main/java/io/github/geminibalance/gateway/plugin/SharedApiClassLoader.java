package io.github.geminibalance.gateway.plugin;

import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader that takes every type crossing the plugin boundary from the gateway. PF4J
 * looks in the plugin first; a plugin jar that bundles its own copy of the plugin API, SLF4J or
 * Jackson would then get a second {@code ImageUploader} or {@code Logger}, and fail with a
 * {@code ClassCastException} or a {@code LinkageError} far from the cause. Here the copy is never
 * consulted.
 */
final class SharedApiClassLoader extends PluginClassLoader {

    /** PF4J itself ({@code org.pf4j.}) is shared by the base class already. */
    private static final List<String> SHARED_PACKAGES = List.of(
            "io.github.geminibalance.plugin.api.", "org.slf4j.", "com.fasterxml.jackson.");

    SharedApiClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader gateway) {
        super(manager, descriptor, gateway);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return super.shouldDelegateToParent(className) || SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }
}
