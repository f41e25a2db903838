package io.github.geminibalance.plugin.api;

/**
 * The version of this API. A plugin states which versions it works with in its
 * {@code Plugin-Requires} manifest entry (for example {@code >=1.0.0 & <2.0.0}); the gateway
 * refuses to load a plugin whose requirement its own API version does not meet.
 *
 * <p>1.1.0 added, all with defaults so that 1.0 plugins work unchanged: the protocol adapter's
 * {@code prepare}, {@code finish} and {@code error(ProtocolException)}, a {@link
 * io.github.geminibalance.plugin.api.protocol.GeminiCall GeminiCall}'s whole-answer flag and
 * attachment, and a {@link io.github.geminibalance.plugin.api.protocol.StreamEvent StreamEvent}'s pause.
 */
public final class PluginApi {

    /** Semantic version: minor versions add, major versions may break. */
    public static final String VERSION = "1.1.0";

    private PluginApi() {}
}
