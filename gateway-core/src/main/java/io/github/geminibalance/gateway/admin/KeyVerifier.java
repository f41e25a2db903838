package io.github.geminibalance.gateway.admin;

import io.github.geminibalance.gateway.check.KeyCheckResult;
import io.github.geminibalance.gateway.check.KeyChecker;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies keys with the cheap probe of the key checker and acts on the verdicts: a key that works
 * is reset (back in rotation, no failures, no cooldowns), a key Google rejects is dead. Any other
 * verdict (rate limited, quota, network or upstream error) says nothing certain about the key and
 * leaves it as it was.
 */
final class KeyVerifier {

    /** Probes in flight at most during one verification. */
    static final int CONCURRENCY = 16;

    /** What a verification did to the key in the pool. */
    enum PoolAction {
        RESET,
        DEAD,
        UNCHANGED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One key's verdict and what it did to the key. */
    record Verified(KeyCheckResult result, PoolAction action) {}

    private final InMemoryKeyPool pool;
    private final KeyChecker checker;
    private final String testModel;

    /** @param testModel the model the probe reads, named in the pool reports of dead keys */
    KeyVerifier(InMemoryKeyPool pool, KeyChecker checker, String testModel) {
        this.pool = pool;
        this.checker = checker;
        this.testModel = testModel;
    }

    /** Checks the keys and applies the verdicts; the results come in the order of {@code keys}. */
    CompletableFuture<List<Verified>> verify(List<ApiKey> keys) {
        return checker.checkAll(keys, CONCURRENCY, false, progress -> {})
                .thenApply(results -> results.stream().map(this::apply).toList());
    }

    private Verified apply(KeyCheckResult result) {
        return switch (result.klass()) {
            case OK -> {
                pool.reset(result.key());
                yield new Verified(result, PoolAction.RESET);
            }
            case INVALID, SUSPENDED -> {
                pool.report(result.key(), testModel, new Outcome.Dead(result.reason()));
                yield new Verified(result, PoolAction.DEAD);
            }
            default -> new Verified(result, PoolAction.UNCHANGED);
        };
    }
}
