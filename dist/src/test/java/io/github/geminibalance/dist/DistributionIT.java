package io.github.geminibalance.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.plugin.PluginHost;
import io.github.geminibalance.gateway.plugin.PluginSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;

/** The installation {@code package} assembled, as a user unpacks it. */
class DistributionIT {

    private static final Path INSTALLATION = Path.of(System.getProperty("installation"));

    @Test
    void theRealPluginManagerLoadsAllThreeUploadersFromPlugins() {
        try (PluginHost host = PluginHost.start(INSTALLATION.resolve("plugins"))) {
            assertEquals(List.of("cloudflare_imgbed", "picgo", "smms"), List.copyOf(host.uploaders().keySet()));
            for (PluginSummary plugin : host.plugins()) {
                assertEquals(PluginState.STARTED, plugin.state(), plugin.toString());
            }
            assertEquals(3, host.plugins().size());
        }
    }

    @Test
    void theLayoutIsBinLibPluginsConf() throws IOException {
        Path launcher = INSTALLATION.resolve("bin/gemini-balance");
        assertTrue(Files.isExecutable(launcher), "bin/gemini-balance is executable");
        assertTrue(Files.exists(INSTALLATION.resolve("conf/.env.example")));
        assertTrue(Files.exists(INSTALLATION.resolve("conf/logback.xml")));
        String unit = Files.readString(INSTALLATION.resolve("conf/gemini-balance.service"));
        assertTrue(unit.contains("\nExecStart=/opt/gemini-balance/bin/gemini-balance serve --env-file "
                + "/opt/gemini-balance/conf/.env\n"), unit);
        assertTrue(unit.contains("\nWorkingDirectory=/opt/gemini-balance\n"), "key states go to ./data: " + unit);
        assertTrue(unit.contains("\nKillSignal=SIGTERM\n") && unit.contains("\n[Install]\n"), unit);
        try (Stream<Path> lib = Files.list(INSTALLATION.resolve("lib"))) {
            List<String> jars = lib.map(jar -> jar.getFileName().toString()).toList();
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("gemini-balance-cli-")), jars.toString());
            assertTrue(jars.stream().noneMatch(jar -> jar.contains("plugin-upload")), "plugins are not on the class path");
        }
    }
}
