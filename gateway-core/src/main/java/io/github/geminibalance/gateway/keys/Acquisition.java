package io.github.geminibalance.gateway.keys;

import java.time.Duration;
import java.util.Objects;

/** The answer of {@link KeyPool#acquire}: a key, or why there is none. */
public sealed interface Acquisition {

    /** A usable key. */
    record Granted(ApiKey key) implements Acquisition {
        public Granted {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Every key that could serve the model is cooling down or exhausted for it; the soonest comes
     * back after {@code retryAfter}. Clients get 429 with {@code Retry-After}.
     */
    record AllCooling(Duration retryAfter) implements Acquisition {
        public AllCooling {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** No key can serve the request at all (none configured, all dead, or all already tried). */
    record Unavailable(String reason) implements Acquisition {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
