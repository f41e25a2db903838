package io.github.geminibalance.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load driver for event streams, which wrk cannot time: {@code clients} clients each send
 * streamed requests one after another until {@code duration} is over (or exactly one each, for
 * open-stream runs), their starts spread over {@code rampUp}. Every stream is timed to its first
 * body bytes and to its end; one that fails, answers other than 200, or carries an error event
 * counts as an error. No thread waits per stream: the JDK client's selector drives them all.
 */
final class StreamLoad {

    /** What a run measured. */
    record Result(int ok, int errors, Percentiles firstEvent, Percentiles total, double seconds, Sample whileOpen) {

        String summary() {
            return "streams_ok=%d errors=%d first_event_p50_ms=%.2f first_event_p99_ms=%.2f total_p50_ms=%.1f total_p99_ms=%.1f streams_per_s=%.1f%s"
                    .formatted(ok, errors, firstEvent.p50Millis(), firstEvent.p99Millis(), total.p50Millis(),
                            total.p99Millis(), ok / seconds, whileOpen == null ? "" : " " + whileOpen.summary());
        }
    }

    private final HttpClient client;
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();

    StreamLoad() {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /**
     * @param once each client sends one request (an open-stream run); otherwise they repeat until {@code duration}
     * @param samplePid the process whose memory, threads and files are sampled once every stream is open, or 0
     */
    Result run(URI uri, Map<String, String> headers, String body, int clients, boolean once, Duration duration,
            Duration rampUp, long samplePid) throws InterruptedException {
        ConcurrentLinkedQueue<Long> firstEvents = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> totals = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch allOpen = new CountDownLatch(clients);
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(duration.plus(Duration.ofMinutes(2)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpRequest built = request.build();
        for (int i = 0; i < clients; i++) {
            long delay = clients == 1 ? 0 : rampUp.toNanos() * i / clients;
            starter.schedule(() -> loop(built, once, deadline, firstEvents, totals, errors, allOpen, finished),
                    delay, TimeUnit.NANOSECONDS);
        }
        Sample whileOpen = null;
        if (once && samplePid > 0) {
            allOpen.await(duration.toMillis() + rampUp.toMillis(), TimeUnit.MILLISECONDS);
            whileOpen = Sample.of(samplePid);
        }
        finished.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(totals.size(), errors.get(), Percentiles.of(List.copyOf(firstEvents)),
                Percentiles.of(List.copyOf(totals)), seconds, whileOpen);
    }

    private void loop(HttpRequest request, boolean once, long deadline, ConcurrentLinkedQueue<Long> firstEvents,
            ConcurrentLinkedQueue<Long> totals, AtomicInteger errors, CountDownLatch allOpen, CountDownLatch finished) {
        long sent = System.nanoTime();
        TimedStream stream = new TimedStream(sent, allOpen);
        client.sendAsync(request, info -> {
            stream.status = info.statusCode();
            return HttpResponse.BodySubscribers.fromSubscriber(stream, s -> null);
        }).handle((response, failure) -> {
            long end = System.nanoTime();
            if (failure == null && stream.status == 200 && !stream.sawError && stream.firstEventAt > 0) {
                firstEvents.add(stream.firstEventAt - sent);
                totals.add(end - sent);
            } else {
                errors.incrementAndGet();
                if (stream.firstEventAt == 0) {
                    allOpen.countDown();
                }
            }
            if (!once && end < deadline) {
                loop(request, false, deadline, firstEvents, totals, errors, allOpen, finished);
            } else {
                finished.countDown();
            }
            return null;
        });
    }

    void close() {
        starter.shutdownNow();
        callbacks.shutdownNow();
    }

    /** Times one response body: the first bytes, and whether any event is an error. */
    private static final class TimedStream implements Flow.Subscriber<List<ByteBuffer>> {
        private final long sent;
        private final CountDownLatch allOpen;
        volatile int status;
        volatile long firstEventAt;
        volatile boolean sawError;

        TimedStream(long sent, CountDownLatch allOpen) {
            this.sent = sent;
            this.allOpen = allOpen;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (buffer.hasRemaining() && firstEventAt == 0) {
                    firstEventAt = Math.max(System.nanoTime(), sent + 1);
                    allOpen.countDown();
                }
                String text = StandardCharsets.UTF_8.decode(buffer).toString();
                if (text.contains("\"error\"")) {
                    sawError = true;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            sawError = true;
        }

        @Override
        public void onComplete() {
        }
    }
}
