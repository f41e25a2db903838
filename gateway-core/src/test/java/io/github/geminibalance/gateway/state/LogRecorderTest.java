package io.github.geminibalance.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.config.GatewayConfig.LogsConfig;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.RequestRecord;
import io.github.geminibalance.gateway.redact.Redactor;
import io.github.geminibalance.gateway.state.LogPage.Logged;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LogRecorderTest {

    private static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");
    private static final Duration NEVER = Duration.ofDays(1); // no scheduled write during a test
    private static final String TOKEN = "sk-recorder-test-token-0123456789";

    private final FakeStore store = new FakeStore();

    @Test
    void whatTheStoreRefusedWaitsAndIsWrittenWhenItWorksAgain() {
        LogRecorder recorder = start(new LogsConfig(false, Optional.empty(), Optional.empty()));
        store.failing = true;
        recorder.requestEnded(request());
        recorder.attemptEnded(attempt("cooling", new byte[0]));
        recorder.attemptEnded(attempt("success", new byte[0]));

        recorder.close(); // the last write, which the store refuses
        assertTrue(recorder.degraded());
        assertEquals(0, store.requests.size());

        store.failing = false;
        recorder.close(); // again: what waited is written now
        assertFalse(recorder.degraded());
        assertEquals(1, store.requests.size());
        assertEquals(List.of("cooling"), store.errors.stream().map(AttemptRecord::outcome).toList(), "failed attempts only");
        assertEquals(0, recorder.dropped());
    }

    @Test
    void aRefusedCallersRequestIsNotLogged() {
        LogRecorder recorder = start(new LogsConfig(false, Optional.empty(), Optional.empty()));
        recorder.requestEnded(new RequestRecord(NOW, "/v1/chat/completions", false, "-", "-", 0, 401,
                Duration.ofMillis(1), false, 120, Optional.empty()));
        recorder.requestEnded(request());
        recorder.close();

        assertEquals(List.of(200), store.requests.stream().map(RequestRecord::status).toList());
    }

    @Test
    void pastTheQueueRecordsAreDroppedAndCountedNeverWaitedFor() {
        LogRecorder recorder = start(new LogsConfig(false, Optional.empty(), Optional.empty()));
        for (int i = 0; i < LogRecorder.QUEUE_CAPACITY + 25; i++) {
            recorder.requestEnded(request());
        }

        assertEquals(25, recorder.dropped());
        assertTrue(recorder.degraded());
        recorder.close();
        assertEquals(LogRecorder.QUEUE_CAPACITY, store.requests.size());
        assertFalse(recorder.degraded(), "written again");
    }

    @Test
    void theRequestBodyIsKeptOnlyWhenAskedCappedAndWithSecretsMasked() {
        String text = "{\"text\":\"" + TOKEN + "\"," + "x".repeat(LogRecorder.MAX_BODY_BYTES) + "}";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        LogRecorder without = start(new LogsConfig(false, Optional.empty(), Optional.empty()));
        without.attemptEnded(attempt("transient", body));
        without.close();
        assertEquals(0, store.errors.get(0).requestBody().length);

        store.errors.clear();
        LogRecorder with = start(new LogsConfig(true, Optional.empty(), Optional.empty()));
        with.attemptEnded(attempt("transient", body));
        with.close();
        String kept = new String(store.errors.get(0).requestBody(), StandardCharsets.UTF_8);
        assertTrue(kept.startsWith("{\"text\":\"" + Secret.mask(TOKEN) + "\""), kept.substring(0, 60));
        assertFalse(kept.contains(TOKEN));
        assertTrue(kept.length() <= LogRecorder.MAX_BODY_BYTES + 1, "capped: " + kept.length());
    }

    @Test
    void rowsPastTheirRetentionAreDeletedAtStart() throws Exception {
        LogRecorder recorder = start(new LogsConfig(false, Optional.of(Duration.ofDays(7)), Optional.empty()));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.deletedBefore.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        recorder.close();
        assertEquals(List.of(LogStore.Log.ERRORS + " " + NOW.minus(Duration.ofDays(7))), store.deletedBefore,
                "the error log only: the request log keeps its rows for ever here");
    }

    private LogRecorder start(LogsConfig settings) {
        return LogRecorder.start(store, settings, new Redactor(List.of(new Secret(TOKEN))),
                Clock.fixed(NOW, ZoneOffset.UTC), NEVER);
    }

    private static RequestRecord request() {
        return new RequestRecord(NOW, "/v1/chat/completions", true, "gemini-2.5-flash", "AIzaSy...abcd", 1, 200,
                Duration.ofMillis(5), false, 10, Optional.empty());
    }

    private static AttemptRecord attempt(String outcome, byte[] body) {
        return new AttemptRecord(NOW, "AIzaSy...abcd", "gemini-2.5-flash", outcome, 429, "rate limited",
                Duration.ofMillis(3), body);
    }

    /** Keeps what it is given, or refuses it while {@link #failing}. */
    private static final class FakeStore implements LogStore {
        volatile boolean failing;
        final List<RequestRecord> requests = new ArrayList<>();
        final List<AttemptRecord> errors = new ArrayList<>();
        final List<String> deletedBefore = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void append(List<RequestRecord> requests, List<AttemptRecord> errors) throws StoreException {
            if (failing) {
                throw new StoreException("the database is locked", null);
            }
            this.requests.addAll(requests);
            this.errors.addAll(errors);
        }

        @Override
        public long deleteBefore(Log log, Instant before) {
            deletedBefore.add(log + " " + before);
            return 0;
        }

        @Override
        public LogPage<RequestRecord> requests(LogQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LogPage<AttemptRecord> errors(LogQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Logged<AttemptRecord>> error(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long delete(Log log, Collection<Long> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CallStats stats(Instant now, int top) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
