package io.github.geminibalance.gateway.plugin;

import java.util.Objects;

/**
 * An extension the host created, with where it came from, for log lines and error messages.
 *
 * @param pluginId the plugin's id, or {@link #BUILT_IN} for the gateway's own extensions
 * @param id what it is known by: an uploader's {@code provider()}, a tool's {@code toolName()}, a
 *     protocol adapter's {@code id()}
 */
public record Loaded<T>(String pluginId, String id, T extension) {

    /** The {@link #pluginId} of the gateway's own extensions. */
    public static final String BUILT_IN = "built-in";

    public Loaded {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(extension, "extension");
    }
}
