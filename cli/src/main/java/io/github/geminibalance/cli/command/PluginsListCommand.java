package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.geminibalance.cli.CliContext;
import io.github.geminibalance.cli.mixin.EnvFileOptions;
import io.github.geminibalance.cli.mixin.FormatOptions;
import io.github.geminibalance.cli.mixin.HelpOptions;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigResult;
import io.github.geminibalance.gateway.plugin.PluginHost;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code plugins list}: loads and starts the plugins of {@code PLUGINS_DIR} as {@code serve} would,
 * and reports what became of each. Only {@code PLUGINS_DIR} has to be right for that, so it lists
 * the plugins of a configuration that is otherwise still incomplete.
 */
@Command(
        name = "list",
        description = "List the plugins of PLUGINS_DIR as serve loads them: versions, states, why a plugin or an"
                + " extension is not in use, and the uploaders and tools each one brings.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Listed, whatever state the plugins are in.",
            "2:Usage error."
        })
public final class PluginsListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOptions help;

    @Mixin
    EnvFileOptions envFile;

    @Mixin
    FormatOptions format;

    private final CliContext context;

    public PluginsListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        ConfigResult settings = ConfigLoader.load(context.settings(envFile.envFile(), Map.of()));
        Path directory = context.path(settings.plugins().directory());
        PluginsReport report;
        try (PluginHost host = PluginHost.start(directory)) {
            report = new PluginsReport(directory, Files.isDirectory(directory), host.plugins(), host.builtIns());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format.format()) {
            case TEXT -> report.text();
            case JSON -> report.json();
        });
        out.flush();
        return ExitCode.OK;
    }
}
