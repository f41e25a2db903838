package io.github.geminibalance.plugin.api;

import java.util.Optional;

/**
 * Settings by name, as the operator wrote them: {@code SMMS_SECRET_TOKEN}, {@code PICGO_API_URL}.
 * A plugin reads its own settings here; names it does not know stay unknown to it.
 */
public interface PluginSettings {

    /** The value of a setting, if it is set and not blank. */
    Optional<String> get(String name);

    /** The value of a setting, or {@code fallback} when it is not set. */
    default String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }
}
