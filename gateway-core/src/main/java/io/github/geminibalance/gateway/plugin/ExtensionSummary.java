package io.github.geminibalance.gateway.plugin;

import java.util.Objects;
import java.util.Optional;

/**
 * One extension of a plugin (or of the gateway), as {@code plugins list} shows it.
 *
 * @param point the extension point it implements, {@code ImageUploader}, {@code ToolProvider} or
 *     {@code ProtocolAdapter}; empty when it implements none
 * @param id the uploader's provider id, the tool's name or the adapter's id; empty when it could
 *     not be created or was refused
 * @param className its class
 * @param failure why it is not in use; empty when it is
 */
public record ExtensionSummary(Optional<String> point, Optional<String> id, String className, Optional<String> failure) {

    public ExtensionSummary {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(failure, "failure");
    }
}
