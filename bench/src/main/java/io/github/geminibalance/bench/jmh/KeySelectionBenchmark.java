package io.github.geminibalance.bench.jmh;

import io.github.geminibalance.gateway.keys.Acquisition;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.InMemoryKeyPool;
import io.github.geminibalance.gateway.keys.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What key selection costs per upstream attempt: {@link InMemoryKeyPool#acquire} of a key for a
 * model from a pool of {@value #KEYS} healthy keys, then reporting the attempt's success, as every
 * successful request does. Run on one thread and on two threads sharing the pool (the benchmark
 * machine's core count), where the round-robin cursor and the keys' states are contended.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class KeySelectionBenchmark {

    static final int KEYS = 100;
    static final String MODEL = "gemini-2.5-flash";

    private static final Outcome SUCCESS = new Outcome.Success();

    private InMemoryKeyPool pool;

    @Setup
    public void setUp() {
        List<ApiKey> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys.add(ApiKey.of(String.format("AIzaSyB-bench-key-%021d", i)));
        }
        pool = new InMemoryKeyPool(keys, 3, Clock.systemUTC());
    }

    @Benchmark
    public ApiKey acquireAndReport() {
        return selectOnce();
    }

    @Benchmark
    @Threads(2)
    public ApiKey acquireAndReportTwoThreads() {
        return selectOnce();
    }

    /** A request's first attempt: no key tried yet, so nothing excluded. */
    private ApiKey selectOnce() {
        Acquisition acquisition = pool.acquire(MODEL, Set.of());
        if (!(acquisition instanceof Acquisition.Granted granted)) {
            throw new IllegalStateException("a pool of healthy keys refused: " + acquisition);
        }
        pool.report(granted.key(), MODEL, SUCCESS);
        return granted.key();
    }
}
