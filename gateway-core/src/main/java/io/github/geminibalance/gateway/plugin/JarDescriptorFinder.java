package io.github.geminibalance.gateway.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * Reads a plugin jar's {@code plugin.properties} when it has one (the gateway's own plugins do),
 * its manifest's {@code Plugin-*} entries otherwise. PF4J's compound finder would try both and
 * report only that neither worked; this one says why the descriptor the jar has cannot be read.
 */
final class JarDescriptorFinder implements PluginDescriptorFinder {

    private final PropertiesPluginDescriptorFinder properties = new PropertiesPluginDescriptorFinder();
    private final ManifestPluginDescriptorFinder manifest = new ManifestPluginDescriptorFinder() {
        /** PF4J takes a jar without a manifest for one with an empty manifest, and fails later with an NPE. */
        @Override
        protected Manifest readManifestFromJar(Path jarPath) {
            Manifest read = super.readManifestFromJar(jarPath);
            if (read == null) {
                throw new PluginRuntimeException("it has neither plugin.properties nor META-INF/MANIFEST.MF");
            }
            return read;
        }
    };

    @Override
    public boolean isApplicable(Path pluginPath) {
        return manifest.isApplicable(pluginPath);
    }

    @Override
    public PluginDescriptor find(Path pluginPath) {
        return hasProperties(pluginPath) ? properties.find(pluginPath) : manifest.find(pluginPath);
    }

    private static boolean hasProperties(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(PropertiesPluginDescriptorFinder.DEFAULT_PROPERTIES_FILE_NAME) != null;
        } catch (IOException e) {
            return false; // not a jar at all: the manifest finder says so
        }
    }
}
