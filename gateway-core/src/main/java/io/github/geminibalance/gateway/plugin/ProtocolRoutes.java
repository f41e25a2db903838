package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The paths the protocol adapters serve, claimed once as they are loaded. An adapter gets all its
 * paths or none: one whose {@code paths()} fails, or names a path of the gateway's own routes or
 * one another adapter claimed first, or takes the id of one of the gateway's own adapters, is
 * refused.
 */
final class ProtocolRoutes {

    /** The gateway's own route families: every path below them is theirs. */
    private static final List<String> RESERVED_PREFIXES =
            List.of("/v1/", "/hf/v1/", "/v1beta/", "/gemini/", "/upload/");
    private static final String HEALTH = "/health";

    private final SortedMap<String, Loaded<ProtocolAdapter>> routes = new TreeMap<>();
    private final Map<String, Loaded<ProtocolAdapter>> byId = new LinkedHashMap<>();

    /** Claims the adapter's id and paths; says why not when it is refused. */
    Optional<String> admit(Loaded<ProtocolAdapter> adapter) {
        if (BuiltIns.ADAPTER_IDS.contains(adapter.id().toLowerCase(Locale.ROOT))) {
            return Optional.of("its id " + adapter.id() + " is one of the gateway's own protocol adapters");
        }
        List<String> paths;
        try {
            paths = List.copyOf(new LinkedHashSet<>(adapter.extension().paths()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("its paths() failed: " + e);
        }
        Optional<String> refusal = paths.isEmpty() ? Optional.of("it serves no paths") : refusal(paths);
        if (refusal.isEmpty()) {
            refusal = ExtensionLoader.claimId(byId, adapter);
        }
        if (refusal.isEmpty()) {
            paths.forEach(path -> routes.put(path, adapter));
        }
        return refusal;
    }

    /** Each claimed path and its adapter. */
    SortedMap<String, Loaded<ProtocolAdapter>> routes() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(routes));
    }

    private Optional<String> refusal(List<String> paths) {
        for (String path : paths) {
            if (!isPlainPath(path)) {
                return Optional.of("its path " + path + " is not an absolute path of printable ASCII without a query");
            }
            if (isReserved(path)) {
                return Optional.of("its path " + path + " belongs to the gateway's own routes");
            }
            Loaded<ProtocolAdapter> owner = routes.get(path);
            if (owner != null) {
                return Optional.of("its path " + path + " is taken by protocol adapter " + owner.id()
                        + " of plugin " + owner.pluginId());
            }
        }
        return Optional.empty();
    }

    private static boolean isPlainPath(String path) {
        return path.startsWith("/")
                && path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#');
    }

    private static boolean isReserved(String path) {
        return path.equals(HEALTH) || RESERVED_PREFIXES.stream()
                .anyMatch(prefix -> path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)));
    }
}
