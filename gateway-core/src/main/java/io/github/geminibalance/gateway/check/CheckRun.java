package io.github.geminibalance.gateway.check;

import io.github.geminibalance.gateway.keys.ApiKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@link KeyChecker#checkAll} run: a fixed number of lanes, each starting the next unchecked
 * key when its previous check completes, so no more than that many checks are ever in flight and
 * no thread waits.
 */
final class CheckRun {

    private final List<ApiKey> keys;
    private final Function<ApiKey, CompletableFuture<KeyCheckResult>> check;
    private final Consumer<CheckProgress> progress;
    private final KeyCheckResult[] results;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<KeyClass, Integer> counts = new EnumMap<>(KeyClass.class);
    private final CompletableFuture<List<KeyCheckResult>> finished = new CompletableFuture<>();
    private int done;

    CheckRun(List<ApiKey> keys, Function<ApiKey, CompletableFuture<KeyCheckResult>> check,
            Consumer<CheckProgress> progress) {
        this.keys = List.copyOf(keys);
        this.check = check;
        this.progress = progress;
        this.results = new KeyCheckResult[this.keys.size()];
    }

    CompletableFuture<List<KeyCheckResult>> start(int concurrency) {
        if (keys.isEmpty()) {
            finished.complete(List.of());
        }
        for (int lane = 0; lane < Math.min(concurrency, keys.size()); lane++) {
            launchNext();
        }
        return finished;
    }

    private void launchNext() {
        int index = next.getAndIncrement();
        if (index >= keys.size()) {
            return;
        }
        check.apply(keys.get(index)).whenComplete((result, failure) -> {
            try {
                record(index, result);
            } finally {
                launchNext();
            }
        });
    }

    private synchronized void record(int index, KeyCheckResult result) {
        results[index] = result;
        counts.merge(result.klass(), 1, Integer::sum);
        done++;
        try {
            progress.accept(new CheckProgress(done, keys.size(), counts));
        } finally {
            if (done == keys.size()) {
                finished.complete(Collections.unmodifiableList(Arrays.asList(results)));
            }
        }
    }
}
