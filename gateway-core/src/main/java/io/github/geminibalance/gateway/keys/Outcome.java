package io.github.geminibalance.gateway.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * What one upstream attempt says about the key that made it (DESIGN.md §2). The classes decide
 * both the key's fate and whether the request may be retried on another key.
 */
public sealed interface Outcome {

    /** Whether the request may be retried with another key. */
    boolean retryable();

    /**
     * The class of this outcome, as the error log and the metrics name it: {@code success},
     * {@code dead}, {@code cooling}, {@code exhausted}, {@code transient} or {@code client_error}.
     */
    String label();

    /** Why the attempt failed, in a short phrase that quotes no secret; empty for a success. */
    String reason();

    /** The key worked: its consecutive failure count goes back to zero. */
    record Success() implements Outcome {
        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String label() {
            return "success";
        }

        @Override
        public String reason() {
            return "";
        }
    }

    /** Google rejected the key itself (invalid, suspended, service disabled): out of rotation. */
    record Dead(String reason) implements Outcome {
        public Dead {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String label() {
            return "dead";
        }
    }

    /** Per-minute rate limit for one model: skip the key for that model for {@code retryDelay}. */
    record Cooling(Duration retryDelay, String reason) implements Outcome {
        public Cooling {
            Objects.requireNonNull(retryDelay, "retryDelay");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String label() {
            return "cooling";
        }
    }

    /** Per-day quota for one model used up: skip the key for that model until the daily reset. */
    record Exhausted(String reason) implements Outcome {
        public Exhausted {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String label() {
            return "exhausted";
        }
    }

    /**
     * A server error, timeout or connection failure: counts toward {@code MAX_FAILURES}
     * consecutive failures, after which the key is out of rotation until a probe succeeds.
     */
    record Transient(String reason) implements Outcome {
        public Transient {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean retryable() {
            return true;
        }

        @Override
        public String label() {
            return "transient";
        }
    }

    /** The client's own request was bad: no penalty for the key, no retry, the error goes back as is. */
    record ClientError(String reason) implements Outcome {
        public ClientError {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean retryable() {
            return false;
        }

        @Override
        public String label() {
            return "client_error";
        }
    }
}
