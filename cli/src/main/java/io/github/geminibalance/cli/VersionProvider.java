package io.github.geminibalance.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project version and the commit it was built from (with {@code -dirty} when
 * the working tree had changes), filtered into a resource at build time, and the JVM.
 */
final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "/gemini-balance-version.properties";

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCE);
            }
            properties.load(in);
        }
        return new String[] {
            "gemini-balance " + properties.getProperty("version") + " (commit " + properties.getProperty("commit")
                    + (Boolean.parseBoolean(properties.getProperty("dirty")) ? "-dirty" : "") + ")",
            "Java ${java.version} (${java.vendor} ${java.vm.name})"
        };
    }
}
