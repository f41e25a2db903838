package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.geminibalance.cli.CliContext;
import io.github.geminibalance.cli.mixin.EnvFileOptions;
import io.github.geminibalance.cli.mixin.FormatOptions;
import io.github.geminibalance.cli.mixin.HelpOptions;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigProblem;
import io.github.geminibalance.gateway.config.ConfigResult;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.config.SettingsSources;
import io.github.geminibalance.gateway.plugin.ExtensionSummary;
import io.github.geminibalance.gateway.plugin.HostPluginContext;
import io.github.geminibalance.gateway.plugin.PluginHost;
import io.github.geminibalance.gateway.plugin.PluginSummary;
import io.github.geminibalance.gateway.plugin.UploaderSelection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code config validate}: checks the settings as {@code serve} would, reporting every problem at
 * once. Once the settings themselves are valid, the plugins of {@code PLUGINS_DIR} are loaded
 * (not started) to check that {@code UPLOAD_PROVIDER} names an installed uploader that has its
 * settings, and that every plugin can be used.
 */
@Command(
        name = "validate",
        description = "Check the settings as serve would, and report every problem at once. Valid settings are"
                + " then checked against the installed plugins: UPLOAD_PROVIDER must name an installed uploader.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Valid; there may be warnings.",
            "1:Invalid: at least one error.",
            "2:Usage error."
        })
public final class ConfigValidateCommand implements Callable<Integer> {

    private static final String PLUGINS_DIR = "PLUGINS_DIR";

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOptions help;

    @Mixin
    EnvFileOptions envFile;

    @Mixin
    FormatOptions format;

    private final CliContext context;

    public ConfigValidateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        SettingsSources sources = context.settings(envFile.envFile(), Map.of());
        ConfigResult result = ConfigLoader.load(sources);
        ValidationReport report = ValidationReport.of(result);
        if (result.config().isPresent()) {
            report = withPluginProblems(report, result.config().get());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format.format()) {
            case TEXT -> report.text(sources.envFile());
            case JSON -> report.json();
        });
        out.flush();
        return report.valid() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    private ValidationReport withPluginProblems(ValidationReport report, GatewayConfig config) {
        try (PluginHost plugins = PluginHost.describe(context.path(config.plugins().directory()))) {
            UploaderSelection selection = UploaderSelection.of(
                    config.upload().provider(), HostPluginContext.settingsOf(config.plugins().settings()), plugins);
            List<ConfigProblem> warnings = new ArrayList<>(selection.warnings());
            for (PluginSummary plugin : plugins.plugins()) {
                String jar = plugin.path().toString();
                plugin.failure().ifPresent(failure -> warnings.add(new ConfigProblem(PLUGINS_DIR, jar,
                        "plugins that can be used; " + plugin.id() + " is not: " + failure)));
                for (ExtensionSummary extension : plugin.extensions()) {
                    extension.failure().ifPresent(failure -> warnings.add(new ConfigProblem(PLUGINS_DIR, jar,
                            "extensions that can be used; " + extension.className() + " is not: " + failure)));
                }
            }
            Set<String> pluginSettings = plugins.uploaders().values().stream()
                    .flatMap(uploader -> uploader.extension().settingNames().stream())
                    .collect(Collectors.toSet());
            return report.withoutUnknown(pluginSettings).with(selection.errors(), warnings);
        }
    }
}
