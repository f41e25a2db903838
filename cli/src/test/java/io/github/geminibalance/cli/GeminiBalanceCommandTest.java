package io.github.geminibalance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeminiBalanceCommandTest {

    @TempDir
    Path dir;

    @Test
    void versionPrintsTheProjectVersionAndTheCommit() {
        Result result = Cli.run(dir, Map.of(), "--version");

        // Built from a git checkout (as here and in CI) the commit is known; from a source archive it is not.
        String commit = Files.isDirectory(Path.of("..", ".git")) ? "[0-9a-f]{12}(-dirty)?" : "unknown";
        assertEquals(0, result.exitCode());
        assertTrue(result.out().matches(
                "(?s)gemini-balance \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit " + commit + "\\)\\RJava .*"),
                result.out());
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Result result = Cli.run(dir, Map.of(), "--help");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("\n  serve "), result.out());
        assertTrue(result.out().contains("\n  config "), result.out());
        assertTrue(result.out().contains("\n  plugins "), result.out());
        assertFalse(result.out().contains("\n  generate-completion"), "the completion command is hidden");
        assertTrue(result.out().contains("Exit codes:"), result.out());
        for (String code : new String[] {"0", "1", "2"}) {
            assertTrue(result.out().contains("\n  " + code + "   "), "exit code " + code + " in " + result.out());
        }
    }

    @Test
    void subcommandHelpListsItsExitCodes() {
        Result result = Cli.run(dir, Map.of(), "config", "validate", "--help");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("--format=FORMAT"), result.out());
        assertTrue(result.out().contains("Exit codes:"), result.out());
    }

    @Test
    void pluginsListHelpShowsItsOptions() {
        Result result = Cli.run(dir, Map.of(), "plugins", "list", "--help");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("--env-file=FILE"), result.out());
        assertTrue(result.out().contains("--format=FORMAT"), result.out());
        assertTrue(result.out().contains("Exit codes:"), result.out());
    }

    @Test
    void aMissingSubcommandIsAUsageError() {
        Result root = Cli.run(dir, Map.of());
        Result group = Cli.run(dir, Map.of(), "config");

        assertEquals(2, root.exitCode());
        assertTrue(root.err().startsWith("error: Missing required subcommand"), root.err());
        assertEquals(2, group.exitCode());
        assertTrue(group.err().contains("Try 'gemini-balance config --help'"), group.err());
    }

    @Test
    void aMisspeltCommandIsAUsageErrorWithASuggestion() {
        Result result = Cli.run(dir, Map.of(), "serv");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("gemini-balance serve"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void theHiddenCompletionCommandPrintsAScript() {
        Result result = Cli.run(dir, Map.of(), "generate-completion");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("complete -F"), result.out());
        assertTrue(result.out().contains("serve"), result.out());
    }
}
