package io.github.geminibalance.gateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files read once from a classpath folder. Only plain file names with a known extension are looked
 * up, so no request path can climb out of that folder or into a folder below it.
 */
final class StaticAssets {

    /** One file: its bytes, its content type and an ETag of its content. */
    record Asset(byte[] body, String contentType, String etag) {}

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "webmanifest", "application/manifest+json");

    private final String folder;
    private final Map<String, Optional<Asset>> loaded = new ConcurrentHashMap<>();

    /** @param folder the classpath folder, ending in {@code /} */
    StaticAssets(String folder) {
        this.folder = folder;
    }

    /** The file of that name in the folder, if there is one. */
    Optional<Asset> find(String name) {
        if (!NAME.matcher(name).matches() || !TYPES.containsKey(extension(name))) {
            return Optional.empty();
        }
        return loaded.computeIfAbsent(name, this::load);
    }

    private Optional<Asset> load(String name) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(folder + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            return Optional.of(new Asset(body, TYPES.get(extension(name)), etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page file " + name, e);
        }
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
