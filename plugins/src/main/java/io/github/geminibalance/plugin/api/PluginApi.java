package io.github.geminibalance.plugin.api;

/**
 * The version of this API. A plugin states which versions it works with in its
 * {@code Plugin-Requires} manifest entry (for example {@code >=1.0.0 & <2.0.0}); the gateway
 * refuses to load a plugin whose requirement its own API version does not meet.
 */
public final class PluginApi {

    /** Semantic version: minor versions add, major versions may break. */
    public static final String VERSION = "1.0.0";

    private PluginApi() {}
}
