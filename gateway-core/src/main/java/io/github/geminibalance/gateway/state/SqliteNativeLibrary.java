package io.github.geminibalance.gateway.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc copies its native library out of its jar into a new temporary file on every start,
 * which took more than 100 ms of the gateway's start-up. This keeps one copy per driver version
 * and platform beside the database, in a directory only the gateway's user writes, and points the
 * driver at it. When the copy cannot be made, the driver does as it always does.
 */
final class SqliteNativeLibrary {

    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {}

    /**
     * Makes the driver load its library from {@code directory/.native/...}, copying it there the
     * first time; does nothing once the driver's library path is set, by the operator or earlier.
     */
    static synchronized void keepIn(Path directory) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String folder = LibraryLoaderUtil.getNativeLibResourcePath();
        String name = LibraryLoaderUtil.getNativeLibName();
        Path copies = directory.resolve(".native").resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
                .resolve(folder.replace("/org/sqlite/native/", "").replace('/', '-'));
        Path library = copies.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                copy(folder + "/" + name, library);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("the SQLite library is extracted on every start: cannot keep a copy in {}: {}", copies, e.toString());
            return;
        }
        System.setProperty(PATH_PROPERTY, copies.toString());
        System.setProperty(NAME_PROPERTY, name);
    }

    /** Copies the library resource to {@code target} whole or not at all. */
    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no native library " + resource + " for this platform in the driver");
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), "partial-", ".tmp");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
