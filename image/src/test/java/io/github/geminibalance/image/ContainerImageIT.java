package io.github.geminibalance.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image {@code package} built with Jib (on the empty base {@code scratch}, so with no registry to
 * reach): its configuration, and the installation in its layers.
 */
class ContainerImageIT {

    private static final Path INSTALLATION = Path.of(System.getProperty("installation"));
    private static final String HOME = "/opt/gemini-balance";

    private static ContainerImage image;

    @BeforeAll
    static void readImage() throws IOException {
        image = ContainerImage.read(Path.of(System.getProperty("imageTar")));
    }

    @Test
    void serveIsWhatItRunsAndAnyOtherCommandCanTakeItsPlace() {
        assertEquals(List.of(HOME + "/bin/gemini-balance"), image.entrypoint());
        assertEquals(List.of("serve"), image.cmd());
    }

    @Test
    void itRunsAsANumericUserThatIsNotRoot() {
        NumericUser user = NumericUser.parse(image.user());
        assertFalse(user.isRoot(), image.user());
        assertTrue(user.has(NumericUser.READ | NumericUser.EXECUTE, file("/bin/gemini-balance")),
                "the user may run the launcher");
    }

    @Test
    void itListensOn8000AndKeepsKeyStatesInAVolumeItsUserMayWrite() {
        assertEquals(Set.of("8000/tcp"), image.exposedPorts());
        // The gateway reads ./.env and writes ./data/<SQLITE_DATABASE>.db.
        assertEquals(HOME, image.workingDir());
        assertEquals(Set.of(HOME + "/data"), image.volumes());

        // A new volume starts as a copy of the image's directory, owner and mode included.
        Tar.Entry data = entry("/data");
        assertTrue(data.isDirectory());
        assertTrue(NumericUser.parse(image.user()).has(NumericUser.WRITE | NumericUser.EXECUTE, data),
                "user " + image.user() + " may write data/ (owner " + data.uid() + ":" + data.gid()
                        + ", mode " + Integer.toOctalString(data.mode()) + ")");
        assertEquals(Set.of(), image.pathsUnder(HOME + "/data"), "data/ starts empty");
    }

    @Test
    void itsEnvironmentTurnsOffTheClassArchiveAndLeavesTheSettingsToTheUser() {
        Map<String, String> env = image.env();
        assertEquals("off", env.get("GEMINI_BALANCE_CDS"), env.toString());
        // A variable set in the image would override the same setting in the user's .env.
        for (String setting : List.of("HOST", "PORT", "API_KEYS", "ALLOWED_TOKENS", "AUTH_TOKEN")) {
            assertFalse(env.containsKey(setting), setting + " is the user's to set: " + env);
        }
    }

    @Test
    void itHoldsTheLauncherTheGatewayItsPluginsAndItsConfiguration() {
        Set<String> installed = image.pathsUnder(HOME);
        assertEquals("755", Integer.toOctalString(file("/bin/gemini-balance").mode()));
        for (String jar : List.of("lib/gemini-balance-gateway-core-", "lib/gemini-balance-cli-",
                "plugins/gemini-balance-plugin-upload-smms-", "plugins/gemini-balance-plugin-upload-picgo-",
                "plugins/gemini-balance-plugin-upload-cfimgbed-")) {
            assertTrue(installed.stream().anyMatch(path -> path.startsWith(HOME + "/" + jar) && path.endsWith(".jar")),
                    jar + "*.jar in " + installed);
        }
        assertTrue(entry("/conf/.env.example").isFile());
        assertTrue(entry("/conf/logback.xml").isFile());
    }

    @Test
    void itHoldsEveryFileOfTheInstallationAsIsButNoLocalState() throws IOException {
        Set<String> expected = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(INSTALLATION)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = INSTALLATION.relativize(file).toString();
                if (!isLocalState(relative)) {
                    expected.add(relative);
                    assertArrayEquals(Files.readAllBytes(file), file("/" + relative).content(), relative);
                }
            }
        }
        Set<String> inImage = new TreeSet<>();
        for (String path : image.pathsUnder(HOME)) {
            if (image.files().get(path).isFile()) {
                inImage.add(path.substring(HOME.length() + 1));
            }
        }
        assertEquals(expected, inImage);
    }

    /**
     * What running from the installation leaves there, which must not go into an image: a .env holds keys,
     * data/ holds key states, and a class archive only fits the Java that wrote it. (In a full build the
     * launcher test of dist has just left an archive in lib/.)
     */
    private static boolean isLocalState(String relative) {
        return relative.equals(".env") || relative.equals("conf/.env") || relative.startsWith("data/")
                || (relative.startsWith("lib/cds-") && relative.endsWith(".jsa"));
    }

    private static Tar.Entry file(String relative) {
        Tar.Entry file = entry(relative);
        assertTrue(file.isFile(), relative + " is a file");
        return file;
    }

    private static Tar.Entry entry(String relative) {
        Tar.Entry entry = image.files().get(HOME + relative);
        assertNotNull(entry, HOME + relative + " is in the image");
        return entry;
    }
}
