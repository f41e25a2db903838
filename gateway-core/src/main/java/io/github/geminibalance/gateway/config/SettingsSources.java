package io.github.geminibalance.gateway.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The raw settings, merged from their three sources, lowest precedence first: a {@code .env} file,
 * the process environment, and overrides given on the command line. A higher source wins even
 * when its value is empty, so {@code API_KEYS=} in the environment does hide the file's keys.
 *
 * @param envFile the {@code .env} file that was read, if any
 * @param values every setting by name; names are case-sensitive, as in the original's
 *     {@code .env.example}
 * @param explicitNames the names written in the file or on the command line, in that order. Only
 *     these are checked for typos: the environment also holds {@code PATH}, {@code HOME} and the
 *     like, which are no typos
 * @param errors why the file could not be read, or which of its lines could not be parsed
 */
public record SettingsSources(
        Optional<Path> envFile, Map<String, String> values, Set<String> explicitNames, List<ConfigProblem> errors) {

    /** The file read from the working directory when no file is named explicitly. */
    public static final String DEFAULT_ENV_FILE = ".env";

    private static final String FILE_SETTING = ".env file";

    public SettingsSources {
        Objects.requireNonNull(envFile, "envFile");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        explicitNames = Collections.unmodifiableSet(new LinkedHashSet<>(explicitNames));
        errors = List.copyOf(errors);
    }

    /**
     * Collects the settings.
     *
     * @param explicitEnvFile a {@code .env} file named by the operator (relative paths resolve
     *     against {@code workingDirectory}); it must exist. When absent, {@code .env} in
     *     {@code workingDirectory} is read if there is one.
     * @param workingDirectory where the default {@code .env} is looked for
     * @param environment the process environment; passed in rather than read here so that tests
     *     control it
     * @param overrides settings given on the command line
     */
    public static SettingsSources collect(
            Optional<Path> explicitEnvFile,
            Path workingDirectory,
            Map<String, String> environment,
            Map<String, String> overrides) {
        Optional<Path> file = explicitEnvFile.map(workingDirectory::resolve).or(() -> {
            Path fallback = workingDirectory.resolve(DEFAULT_ENV_FILE);
            return Files.isRegularFile(fallback) ? Optional.of(fallback) : Optional.empty();
        });
        DotEnvFile dotEnv = file.map(SettingsSources::read).orElseGet(() -> new DotEnvFile(Map.of(), List.of()));

        Map<String, String> values = new LinkedHashMap<>(dotEnv.values());
        values.putAll(environment);
        values.putAll(overrides);
        Set<String> explicitNames = new LinkedHashSet<>(dotEnv.values().keySet());
        explicitNames.addAll(overrides.keySet());
        return new SettingsSources(file, values, explicitNames, dotEnv.problems());
    }

    private static DotEnvFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            return unreadable(file, "an existing file");
        }
        try {
            return DotEnvFile.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            return unreadable(file, "a file in UTF-8");
        } catch (IOException e) {
            return unreadable(file, "a readable file (" + e + ")");
        }
    }

    private static DotEnvFile unreadable(Path file, String expected) {
        return new DotEnvFile(Map.of(), List.of(new ConfigProblem(FILE_SETTING, file.toString(), expected)));
    }
}
