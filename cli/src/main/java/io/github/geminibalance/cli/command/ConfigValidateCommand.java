package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.geminibalance.cli.CliContext;
import io.github.geminibalance.cli.mixin.EnvFileOptions;
import io.github.geminibalance.cli.mixin.FormatOptions;
import io.github.geminibalance.cli.mixin.HelpOptions;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.SettingsSources;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code config validate}: checks the settings as {@code serve} would, reporting every problem at once. */
@Command(
        name = "validate",
        description = "Check the settings as serve would, and report every problem at once.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Valid; there may be warnings.",
            "1:Invalid: at least one error.",
            "2:Usage error."
        })
public final class ConfigValidateCommand implements Callable<Integer> {

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
        ValidationReport report = ValidationReport.of(ConfigLoader.load(sources));
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format.format()) {
            case TEXT -> report.text(sources.envFile());
            case JSON -> report.json();
        });
        out.flush();
        return report.valid() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
}
