package io.github.geminibalance.gateway.state;

import io.github.geminibalance.gateway.config.GatewayConfig.LogsConfig;
import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.GatewayObserver;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.github.geminibalance.gateway.redact.Redactor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the request and error logs without slowing a request: records wait in bounded queues and
 * a thread of its own writes them in batches, one transaction per interval. A batch the store
 * refuses is tried again at the next interval, so a database locked for a while loses nothing;
 * when the store stays slow or failing, what does not fit is dropped and counted, never waited
 * for. The gateway says once that the logs are degraded, and again when they are written again.
 * The same thread deletes rows past their retention, at start and every hour.
 */
public final class LogRecorder implements GatewayObserver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogRecorder.class);

    /** Records waiting at most, per log: some seconds of a busy gateway. */
    static final int QUEUE_CAPACITY = 50_000;
    /** The most of a request body an error log row keeps, in bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    private static final byte[] NO_BODY = new byte[0];

    private final LogStore store;
    private final LogsConfig settings;
    private final Redactor redactor;
    private final Clock clock;
    private final BlockingQueue<RequestRecord> requests = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<AttemptRecord> errors = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** What the writer has taken from the queues and not yet written; the writer thread's own. */
    private final List<RequestRecord> pendingRequests = new ArrayList<>();
    private final List<AttemptRecord> pendingErrors = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final WriterThread writer = new WriterThread("log-writer");
    private volatile boolean degraded;

    private LogRecorder(LogStore store, LogsConfig settings, Redactor redactor, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Starts writing to {@code store} every {@code interval}; close the recorder at shutdown to write the rest. */
    public static LogRecorder start(LogStore store, LogsConfig settings, Redactor redactor, Clock clock, Duration interval) {
        LogRecorder recorder = new LogRecorder(store, settings, redactor, clock);
        recorder.writer.every(interval, interval, recorder::write);
        recorder.writer.every(RETENTION_INTERVAL, Duration.ZERO, recorder::deleteExpired);
        return recorder;
    }

    /** The store, for reading the logs. */
    public LogStore store() {
        return store;
    }

    /** Whether the last write failed, or records were dropped since the last write that succeeded. */
    public boolean degraded() {
        return degraded;
    }

    /** Records dropped because the store could not keep up or failed, since start. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Queues the request for the log, unless its caller was refused: the access log and the metrics
     * show those, and a flood of them must not fill the database.
     */
    @Override
    public void requestEnded(RequestRecord request) {
        if (request.authenticated() && !requests.offer(request)) {
            overflow();
        }
    }

    @Override
    public void attemptEnded(AttemptRecord attempt) {
        if (attempt.failed() && !errors.offer(withBodyAsKept(attempt))) {
            overflow();
        }
    }

    private void overflow() {
        dropped.incrementAndGet();
        degraded = true;
    }

    /**
     * The attempt with no more of the request body than the error log keeps: none unless it is to
     * be recorded, at most {@value #MAX_BODY_BYTES} bytes otherwise (and one more, to show it was
     * cut). This bounded copy is all the request path pays; the writer thread decodes and masks it.
     */
    private AttemptRecord withBodyAsKept(AttemptRecord attempt) {
        byte[] body = attempt.requestBody();
        byte[] kept = !settings.recordRequestBody() ? NO_BODY
                : body.length <= MAX_BODY_BYTES ? body : Arrays.copyOf(body, MAX_BODY_BYTES + 1);
        return withBody(attempt, kept);
    }

    /** The body as the error log shows it, on the writer thread: text with secrets masked, marked when cut. */
    private AttemptRecord masked(AttemptRecord attempt) {
        byte[] body = attempt.requestBody();
        if (body.length == 0) {
            return attempt;
        }
        String text = body.length > MAX_BODY_BYTES
                ? new String(body, 0, MAX_BODY_BYTES, StandardCharsets.UTF_8) + "…"
                : new String(body, StandardCharsets.UTF_8);
        return withBody(attempt, redactor.redact(text).getBytes(StandardCharsets.UTF_8));
    }

    private static AttemptRecord withBody(AttemptRecord attempt, byte[] body) {
        return new AttemptRecord(attempt.time(), attempt.keyFingerprint(), attempt.model(), attempt.outcome(),
                attempt.upstreamStatus(), attempt.message(), attempt.latency(), body);
    }

    /** Writes what waits, in one transaction; on the writer thread only. */
    private void write() {
        take(requests, pendingRequests, UnaryOperator.identity());
        take(errors, pendingErrors, this::masked);
        if (pendingRequests.isEmpty() && pendingErrors.isEmpty()) {
            return;
        }
        try {
            store.append(pendingRequests, pendingErrors);
        } catch (StoreException | RuntimeException e) {
            if (!degraded) {
                log.warn("cannot write the request and error logs, they wait in memory (up to {} records each) until "
                        + "the store works again: {}", QUEUE_CAPACITY, e.getMessage());
            }
            degraded = true;
            return;
        }
        pendingRequests.clear();
        pendingErrors.clear();
        if (degraded) {
            degraded = false;
            log.info("the request and error logs are written again ({} records dropped since start)", dropped.get());
        }
    }

    /**
     * Moves what waits in {@code queue} to {@code pending}, each record through {@code prepare},
     * dropping what would make it longer than a queue.
     */
    private <T> void take(BlockingQueue<T> queue, List<T> pending, UnaryOperator<T> prepare) {
        List<T> taken = new ArrayList<>();
        queue.drainTo(taken);
        taken.forEach(record -> pending.add(prepare.apply(record)));
        int excess = pending.size() - QUEUE_CAPACITY;
        if (excess > 0) {
            pending.subList(0, excess).clear(); // the oldest go first
            dropped.addAndGet(excess);
            degraded = true;
        }
    }

    private void deleteExpired() {
        deleteExpired(LogStore.Log.ERRORS, settings.errorRetention());
        deleteExpired(LogStore.Log.REQUESTS, settings.requestRetention());
    }

    private void deleteExpired(LogStore.Log which, Optional<Duration> retention) {
        if (retention.isEmpty()) {
            return;
        }
        try {
            long deleted = store.deleteBefore(which, clock.instant().minus(retention.get()));
            if (deleted > 0) {
                log.info("deleted {} {} log rows older than {} days", deleted, which.name().toLowerCase(Locale.ROOT),
                        retention.get().toDays());
            }
        } catch (StoreException | RuntimeException e) {
            log.warn("cannot delete expired {} log rows: {}", which.name().toLowerCase(Locale.ROOT), e.getMessage());
        }
    }

    /** Writes what still waits, then closes the store. */
    @Override
    public void close() {
        try {
            writer.stop(this::write); // the last changes, from this thread alone
        } finally {
            store.close();
        }
    }
}
