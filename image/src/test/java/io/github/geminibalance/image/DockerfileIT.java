package io.github.geminibalance.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, for those who build with Docker, against the image that Jib builds: the same base,
 * user, directories, port, command and environment; and the health check, which only a Dockerfile can
 * declare (an image configuration's Healthcheck is Docker's own, and Jib sets none).
 */
class DockerfileIT {

    private static final Path SOURCE_ROOT = Path.of(System.getProperty("sourceRoot"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Dockerfile dockerfile;
    private static ContainerImage image;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Dockerfile.read(SOURCE_ROOT.resolve("Dockerfile"));
        image = ContainerImage.read(Path.of(System.getProperty("imageTar")));
    }

    @Test
    void itStartsFromTheBaseOfTheImageJibBuildsForUsers() {
        assertEquals(List.of(System.getProperty("imageBase")), dockerfile.inFinalStage("FROM"));
    }

    @Test
    void itRunsAsTheSameUserWhichIsNotRoot() {
        assertEquals(List.of(image.user()), dockerfile.inFinalStage("USER"));
        assertFalse(NumericUser.parse(image.user()).isRoot(), image.user());
    }

    @Test
    void itInstallsTheInstallationInTheSameWorkingDirectoryWithTheSameVolumeAndPort() {
        assertEquals(List.of(image.workingDir()), dockerfile.inFinalStage("WORKDIR"));
        assertEquals(List.of("--from=build /src/dist/target/gemini-balance/ " + image.workingDir() + "/"),
                dockerfile.inFinalStage("COPY"));
        assertEquals(image.volumes(), Set.copyOf(dockerfile.inFinalStage("VOLUME")));
        Set<String> exposed = new TreeSet<>();
        dockerfile.inFinalStage("EXPOSE").forEach(port -> exposed.add(port.contains("/") ? port : port + "/tcp"));
        assertEquals(image.exposedPorts(), exposed);
    }

    @Test
    void itRunsTheSameCommandInTheSameEnvironment() throws IOException {
        assertEquals(List.of(image.entrypoint()), execForms("ENTRYPOINT"));
        assertEquals(List.of(image.cmd()), execForms("CMD"));
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : dockerfile.inFinalStage("ENV")) {
            String[] nameAndValue = variable.split("=", 2);
            env.put(nameAndValue[0], nameAndValue[1]);
        }
        assertEquals(image.env(), env);
    }

    @Test
    void itsHealthCheckAsksForHealthAtTheExposedPortAndFailsOnAnErrorStatus() {
        List<String> healthChecks = dockerfile.inFinalStage("HEALTHCHECK");
        assertEquals(1, healthChecks.size(), healthChecks.toString());
        String check = healthChecks.get(0);
        String command = check.substring(check.indexOf(" CMD ") + " CMD ".length());
        // curl is in Temurin's images; -f turns an HTTP error status into a failed check.
        assertTrue(command.startsWith("curl -f"), command);
        String port = image.exposedPorts().iterator().next().replace("/tcp", "");
        assertTrue(command.contains("\"http://127.0.0.1:${PORT:-" + port + "}/health\""), command);
    }

    @Test
    void itsBuildContextLeavesOutBuildOutputAndLocalSettingsAndState() throws IOException {
        List<String> ignored = Files.readAllLines(SOURCE_ROOT.resolve(".dockerignore"));
        for (String pattern : List.of("**/target/", "**/.env", "**/data/")) {
            assertTrue(ignored.contains(pattern), pattern + " in .dockerignore");
        }
    }

    /** The arguments of each {@code keyword} instruction, each in exec form: a JSON array of strings. */
    private static List<List<String>> execForms(String keyword) throws IOException {
        List<List<String>> forms = new ArrayList<>();
        for (String arguments : dockerfile.inFinalStage(keyword)) {
            forms.add(JSON.readValue(arguments, new TypeReference<List<String>>() { }));
        }
        return forms;
    }
}
