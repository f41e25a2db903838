package io.github.geminibalance.gateway.config;

import java.util.List;
import java.util.Set;

/**
 * Names of the original gateway's settings (and of settings planned here) that this gateway accepts
 * without using them yet. An original {@code .env} file carries them, and they are no typos, so
 * they must not be reported as unknown.
 */
final class InheritedSettings {

    private static final Set<String> NAMES = Set.of(
            "PROXIES",
            "PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY",
            "THINKING_BUDGET_MAP",
            "TIMEZONE",
            "ADMIN_SESSION_EXPIRE",
            "CUSTOM_HEADERS");

    /** Families of settings, each named by its common prefix. */
    private static final List<String> PREFIXES = List.of(
            "MYSQL_", "VERTEX_", "URL_", "TTS_", "FAKE_STREAM_", "FILES_", "GITHUB_", "OSS_");

    private InheritedSettings() {}

    static boolean contains(String name) {
        return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
    }
}
