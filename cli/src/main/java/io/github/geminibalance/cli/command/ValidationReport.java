package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigProblem;
import io.github.geminibalance.gateway.config.ConfigResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code config validate} prints. Problem values come masked from the loader, so the report
 * never shows a whole secret.
 */
record ValidationReport(boolean valid, List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    static ValidationReport of(ConfigResult result) {
        return new ValidationReport(result.errors().isEmpty(), result.errors(), result.warnings());
    }

    /** This report with more problems, found beyond the settings themselves. */
    /** Without the "unknown setting" warnings for these names, which installed plugins read. */
    ValidationReport withoutUnknown(Set<String> knownToPlugins) {
        return new ValidationReport(valid, errors, warnings.stream()
                .filter(warning -> !(knownToPlugins.contains(warning.setting())
                        && ConfigLoader.UNKNOWN_SETTING.equals(warning.expected())))
                .toList());
    }

    ValidationReport with(List<ConfigProblem> moreErrors, List<ConfigProblem> moreWarnings) {
        List<ConfigProblem> allErrors = new ArrayList<>(errors);
        allErrors.addAll(moreErrors);
        List<ConfigProblem> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(moreWarnings);
        return new ValidationReport(allErrors.isEmpty(), allErrors, allWarnings);
    }

    /** One line per error, then per warning, then a summary naming the {@code .env} file. */
    String text(Optional<Path> envFile) {
        StringBuilder text = new StringBuilder();
        errors.forEach(error -> text.append("error: ").append(error).append('\n'));
        warnings.forEach(warning -> text.append("warning: ").append(warning).append('\n'));
        text.append(valid ? "valid: " : "invalid: ")
                .append(count(errors.size(), "error"))
                .append(", ")
                .append(count(warnings.size(), "warning"))
                .append(envFile.map(file -> " (settings from " + file + " and the environment)")
                        .orElse(" (settings from the environment; no .env file)"))
                .append('\n');
        return text.toString();
    }

    /** {@code {"valid":…,"errors":[{"setting","value","expected"}…],"warnings":[…]}}, pretty-printed. */
    String json() throws JsonProcessingException {
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + '\n';
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
