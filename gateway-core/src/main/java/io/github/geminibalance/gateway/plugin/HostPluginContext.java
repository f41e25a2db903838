package io.github.geminibalance.gateway.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.http.HttpTransport;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The context the gateway gives every extension call. */
public record HostPluginContext(PluginSettings settings, HttpTransport http, ObjectMapper json) implements PluginContext {

    public HostPluginContext {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(json, "json");
    }

    /** Settings read from a map of raw values, blank ones counting as unset. */
    public static PluginSettings settingsOf(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(name)).filter(value -> !value.isBlank());
    }
}
