package io.github.geminibalance.gateway.check;

import java.util.Locale;

/** Where one key check lands: the key works, or why it does not. */
public enum KeyClass {
    /** The upstream accepted the key. */
    OK,
    /** Google does not know the key, or it expired (400 {@code API_KEY_INVALID}, 401). */
    INVALID,
    /** The key or its project is suspended, disabled or not allowed to call the API (403). */
    SUSPENDED,
    /** A per-minute limit: the key works again within a minute or so (429). */
    RATE_LIMITED,
    /** A per-day quota is used up: the key works again after the daily reset (429). */
    QUOTA_EXHAUSTED,
    /** No HTTP answer: connection refused or reset, timeout, TLS or DNS failure. */
    NETWORK_ERROR,
    /** An answer that says nothing about the key: 5xx, or an unexpected status such as 404. */
    UPSTREAM_ERROR;

    /** The name operators see: lower case with hyphens, e.g. {@code rate-limited}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
