package io.github.geminibalance.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive, {@code gemini-balance-<version>.tar.gz}, as a user unpacks it with tar:
 * one directory holding what the installation holds, and a launcher that runs from there.
 */
class ArchiveIT {

    private static final Path ARCHIVE = Path.of(System.getProperty("archive"));
    private static final Path INSTALLATION = Path.of(System.getProperty("installation"));
    private static final String VERSION = System.getProperty("projectVersion");

    @TempDir
    Path unpacked;

    @Test
    void itUnpacksToOneDirectoryThatIsAWorkingInstallation() throws Exception {
        assertEquals(0, run(unpacked, Map.of(), "tar", "-xzf", ARCHIVE.toString()).exitCode());

        Path home = unpacked.resolve("gemini-balance-" + VERSION);
        try (Stream<Path> top = Files.list(unpacked)) {
            assertEquals(List.of(home), top.toList(), "one directory, named by the version");
        }
        assertEquals(files(INSTALLATION), files(home), "the same files as the installation");
        assertTrue(Files.isExecutable(home.resolve("bin/gemini-balance")), "the launcher keeps its mode");

        Result version = run(unpacked, Map.of(), home.resolve("bin/gemini-balance").toString(), "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().matches("(?s)gemini-balance " + VERSION.replace(".", "\\.")
                + " \\(commit [0-9a-f]{7,40}(-dirty)?\\).*"), version.output());

        Result validate = run(unpacked, Map.of("API_KEYS", "[\"AIzaSyArchiveTestKey0000000000000000000\"]",
                        "ALLOWED_TOKENS", "[\"archive-test-token\"]"),
                home.resolve("bin/gemini-balance").toString(), "config", "validate", "--env-file",
                home.resolve("conf/.env.example").toString());
        assertEquals(0, validate.exitCode(), "the shipped example is a valid configuration: " + validate.output());
    }

    /** The installation's files, relative to it, without what a run of the launcher may leave (class archives). */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString())
                    .filter(name -> !name.matches("lib/cds-\\d+\\.jsa"))
                    .sorted()
                    .toList();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path directory, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        return new Result(process.exitValue(), output);
    }
}
