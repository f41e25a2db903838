package io.github.geminibalance.bench.jmh;

import io.github.geminibalance.gateway.metrics.RequestMetrics;
import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.github.geminibalance.gateway.observe.TokenUsage;
import io.github.geminibalance.gateway.state.LogQuery;
import io.github.geminibalance.gateway.state.SqliteLogStore;
import io.github.geminibalance.gateway.state.StoreException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observing one request costs: on the request path, the records the hook builds (the
 * baseline) and the metrics counting them; off it, the log writer's share of one request, a row of
 * a {@value #BATCH}-row batch written to SQLite, as the writer does every half second under load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ObservationBenchmark {

    static final int BATCH = 1_000;
    private static final String ROUTE = "/v1beta/models/{model}:generateContent";
    private static final byte[] BODY = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}".getBytes();

    private PrometheusMeterRegistry registry;
    private RequestMetrics metrics;
    private Path directory;
    private SqliteLogStore store;
    private List<RequestRecord> batch;

    @Setup
    public void setUp() throws IOException, StoreException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new RequestMetrics(registry);
        directory = Files.createTempDirectory("observation-benchmark");
        store = new SqliteLogStore(directory.resolve("logs.db"));
        batch = Collections.nCopies(BATCH, request());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (var files = Files.walk(directory)) {
            files.sorted(Collections.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    /** The records of a request served by its first attempt, as the hook builds them anyway. */
    @Benchmark
    public RequestRecord records() {
        attempt();
        return request();
    }

    /** The same, counted by the metrics. */
    @Benchmark
    public RequestRecord recordsCounted() {
        metrics.attemptEnded(attempt());
        RequestRecord request = request();
        metrics.requestEnded(request);
        return request;
    }

    /** One batch of request log rows in one transaction; the score divided by {@value #BATCH} is a row's cost. */
    @Benchmark
    public int logBatchWritten() {
        try {
            store.append(batch, List.of());
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
        return batch.size();
    }

    /** Rows in the request log: what {@link #logBatchWritten} wrote, for the smoke test. */
    long loggedRows() throws StoreException {
        return store.requests(LogQuery.newest(1)).total();
    }

    /** What the metrics counted, for the smoke test. */
    String scrape() {
        return registry.scrape();
    }

    private static RequestRecord request() {
        return new RequestRecord(Instant.now(), ROUTE, true, "gemini-2.5-flash", "AIzaSy...abcd", 1, 200,
                Duration.ofNanos(1_234_567), false, 812, Optional.of(new TokenUsage(12, 30, 42)));
    }

    private static AttemptRecord attempt() {
        return new AttemptRecord(Instant.now(), "AIzaSy...abcd", "gemini-2.5-flash", AttemptRecord.SUCCESS, 200, "",
                Duration.ofNanos(1_000_000), BODY);
    }
}
