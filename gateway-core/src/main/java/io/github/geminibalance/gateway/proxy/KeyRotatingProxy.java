package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.keys.Acquisition;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.ErrorClassifier;
import io.github.geminibalance.gateway.keys.KeyPool;
import io.github.geminibalance.gateway.keys.GoogleError;
import io.github.geminibalance.gateway.keys.Outcome;
import io.github.geminibalance.gateway.observe.AttemptRecord;
import io.github.geminibalance.gateway.observe.GatewayObserver;
import io.github.geminibalance.gateway.redact.Redactor;
import io.github.geminibalance.gateway.sse.SseEvent;
import io.github.geminibalance.gateway.sse.SseParser;
import io.github.geminibalance.gateway.upstream.UpstreamCall;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.gateway.upstream.UpstreamListener;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client request with keys from the pool: takes a key, calls the upstream, classifies
 * what came back, reports it to the pool, and tries the next key while that may help and the
 * attempt budget lasts. Nothing here blocks: every step runs on a reactor or I/O thread as an
 * event arrives, and no attempt ever sleeps.
 *
 * <p>The client's response is committed only once an attempt has succeeded (for event streams:
 * once the first event arrived). Until then a failure is invisible to the client and the next key
 * gets its turn; after it, a failure can only end the stream with an error event, never splice a
 * second upstream answer into the first.
 */
public final class KeyRotatingProxy {

    private static final Logger log = LoggerFactory.getLogger(KeyRotatingProxy.class);

    static final int MAX_ERROR_BODY_BYTES = 1 << 20;
    static final int MAX_CAPTURED_BODY_BYTES = 64 << 20;
    static final int MAX_EVENT_BYTES = 64 << 20;

    /** Response headers worth relaying from the upstream; the rest describe Google's hop, not ours. */
    private static final Set<String> RELAYED_HEADERS = Set.of("content-type", "retry-after");
    /** The headers of every event stream the gateway sends. */
    public static final List<Map.Entry<String, String>> EVENT_STREAM_HEADERS = List.of(
            Map.entry("Content-Type", "text/event-stream"),
            Map.entry("Cache-Control", "no-cache"),
            Map.entry("X-Accel-Buffering", "no"));

    private final KeyPool pool;
    private final ErrorClassifier classifier;
    private final UpstreamClient client;
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final ScheduledExecutorService timer;
    private final Redactor redactor;
    private final GatewayObserver observer;

    public KeyRotatingProxy(
            KeyPool pool,
            ErrorClassifier classifier,
            UpstreamClient client,
            int maxAttempts,
            Duration attemptTimeout,
            ScheduledExecutorService timer,
            Redactor redactor,
            GatewayObserver observer) {
        this.pool = pool;
        this.classifier = classifier;
        this.client = client;
        this.maxAttempts = maxAttempts;
        this.attemptTimeout = attemptTimeout;
        this.timer = timer;
        this.redactor = redactor;
        this.observer = observer;
    }

    public void execute(ProxyPlan plan, ResponseSink response, RequestLogContext context) {
        new ProxyExchange(plan, response, context).nextAttempt();
    }

    /** Headers of an upstream response that the client may see. */
    public static List<Map.Entry<String, String>> relayedHeaders(UpstreamResponseHead head) {
        return head.headers().stream()
                .filter(header -> RELAYED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** A failed attempt, kept to explain the final answer when no key succeeds. */
    private record Failure(Outcome outcome, UpstreamResponseHead head, byte[] body, boolean timedOut) {}

    /** The state of one client request across its attempts. Attempts run one after another. */
    private final class ProxyExchange {
        private final ProxyPlan plan;
        private final ResponseSink response;
        private final RequestLogContext context;
        private final Set<ApiKey> tried = ConcurrentHashMap.newKeySet();
        private volatile int attempts;
        private volatile Attempt current;
        private volatile boolean clientGone;
        private volatile Failure lastFailure;

        ProxyExchange(ProxyPlan plan, ResponseSink response, RequestLogContext context) {
            this.plan = plan;
            this.response = response;
            this.context = context;
            response.onClientGone(this::clientGone);
        }

        void nextAttempt() {
            if (clientGone) {
                return;
            }
            int budget = plan.pinnedKey().isPresent() ? 1 : maxAttempts;
            if (attempts >= budget) {
                giveUp(null);
                return;
            }
            Acquisition acquisition = plan.pinnedKey()
                    .map(key -> pool.acquireSpecific(key, plan.poolModel()))
                    .orElseGet(() -> pool.acquire(plan.poolModel(), tried));
            if (acquisition instanceof Acquisition.Granted granted) {
                attempts++;
                tried.add(granted.key());
                context.attempt(granted.key().fingerprint());
                Attempt attempt = new Attempt(this, granted.key());
                current = attempt;
                attempt.start();
            } else {
                giveUp(acquisition);
            }
        }

        void clientGone() {
            clientGone = true;
            Attempt attempt = current;
            if (attempt != null) {
                attempt.cancel();
            }
        }

        /** No attempt succeeded: answer with the most useful error. */
        void giveUp(Acquisition why) {
            Failure failure = lastFailure;
            if (failure == null || failure.outcome() instanceof Outcome.Dead) {
                if (why instanceof Acquisition.AllCooling cooling) {
                    rateLimited(cooling.retryAfter());
                } else if (why instanceof Acquisition.Unavailable unavailable) {
                    sendError(503, "No usable API key: " + unavailable.reason());
                } else {
                    sendError(503, "The upstream rejected every API key tried (" + attempts + " attempts)");
                }
                return;
            }
            Outcome outcome = failure.outcome();
            if (outcome instanceof Outcome.Cooling || outcome instanceof Outcome.Exhausted) {
                rateLimited(retryAfter(outcome, why));
            } else if (failure.head() != null) {
                relay(failure.head(), failure.body());
            } else if (failure.timedOut()) {
                sendError(504, "The upstream did not answer within " + attemptTimeout.toSeconds() + " s");
            } else {
                sendError(502, "The upstream could not be reached");
            }
        }

        private Duration retryAfter(Outcome outcome, Acquisition why) {
            if (why instanceof Acquisition.AllCooling cooling) {
                return cooling.retryAfter();
            }
            Acquisition now = pool.acquire(plan.poolModel(), Set.of());
            if (now instanceof Acquisition.AllCooling cooling) {
                return cooling.retryAfter();
            }
            return outcome instanceof Outcome.Cooling cooling ? cooling.retryDelay() : Duration.ofSeconds(1);
        }

        private void rateLimited(Duration retryAfter) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            CapturedResponse error = plan.errors().render(429,
                    "Every API key is rate-limited for " + describeModel() + "; retry after " + seconds + " s");
            List<Map.Entry<String, String>> headers = new ArrayList<>(error.headers());
            headers.add(Map.entry("Retry-After", Long.toString(seconds)));
            response.sendWhole(error.status(), headers, error.body());
        }

        private String describeModel() {
            return ProxyPlan.ANY_MODEL.equals(plan.poolModel()) ? "this request" : "model " + plan.poolModel();
        }

        void sendError(int status, String message) {
            send(plan.errors().render(status, message));
        }

        /** Returns an upstream error to the client in its protocol, with any key in it masked. */
        void relay(UpstreamResponseHead head, byte[] body) {
            send(plan.errors().relay(head, redactor.redact(body)));
        }

        private void send(CapturedResponse error) {
            response.sendWhole(error.status(), error.headers(), error.body());
        }

        void failed(Attempt attempt, Failure failure) {
            Outcome outcome = failure.outcome();
            attempt.report(outcome, failure.head(), failure.body());
            logFailure(attempt.key, outcome);
            lastFailure = failure;
            if (outcome.retryable()) {
                nextAttempt();
            } else if (failure.head() != null) {
                relay(failure.head(), failure.body());
            } else {
                giveUp(null);
            }
        }

        private void logFailure(ApiKey key, Outcome outcome) {
            if (outcome instanceof Outcome.Dead dead) {
                log.warn("key {} taken out of rotation: {}", key.fingerprint(), dead.reason());
            } else if (!(outcome instanceof Outcome.ClientError)) {
                log.info("key {} failed for {}: {}", key.fingerprint(), plan.poolModel(), outcome);
            }
        }
    }

    /** One call with one key. Its listener methods run on reactor threads, one at a time. */
    private final class Attempt implements UpstreamListener {
        /** The most of Google's error message an error log row keeps. */
        private static final int MAX_MESSAGE_CHARS = 2_000;
        private static final byte[] NO_BODY = new byte[0];

        private final ProxyExchange exchange;
        private final ApiKey key;
        private final UpstreamRequest request;
        private final UpstreamCall call;
        private final Instant started = Instant.now();
        private final long startNanos = System.nanoTime();
        private ScheduledFuture<?> deadline;
        private boolean committed; // guarded by this, shared with the deadline timer
        private boolean timedOut; // guarded by this
        private UpstreamResponseHead head;
        private ByteArrayOutputStream buffer;
        private SseParser events;
        private EventPacer pacer;
        private boolean eventsWritten; // whether the chunk being fed completed any event

        Attempt(ProxyExchange exchange, ApiKey key) {
            this.exchange = exchange;
            this.key = key;
            this.request = exchange.plan.requestFor().apply(key);
            this.call = client.call(request);
        }

        /** Tells the pool what this attempt says about its key, and the observers how it went. */
        void report(Outcome outcome, UpstreamResponseHead failedHead, byte[] errorBody) {
            pool.report(key, exchange.plan.poolModel(), outcome);
            int status = failedHead != null ? failedHead.status() : head != null ? head.status() : 0;
            observer.attemptEnded(new AttemptRecord(started, key.fingerprint(), exchange.plan.poolModel(),
                    outcome.label(), status, message(outcome, errorBody), Duration.ofNanos(System.nanoTime() - startNanos),
                    request.body() == null ? NO_BODY : request.body()));
        }

        /** The outcome's reason and, after it, Google's own message with any key in it masked. */
        private String message(Outcome outcome, byte[] errorBody) {
            String google = errorBody == null ? "" : GoogleError.parse(errorBody).message();
            if (google.isEmpty()) {
                return outcome.reason();
            }
            String text = outcome.reason() + ": " + redactor.redact(google);
            return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS);
        }

        void start() {
            deadline = timer.schedule(this::expire, attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
            call.start(this);
        }

        void cancel() {
            call.cancel();
        }

        private synchronized void expire() {
            if (!committed) {
                timedOut = true;
                call.cancel();
            }
        }

        /** Claims the response for this attempt; false if the deadline already gave up on it. */
        private synchronized boolean commit() {
            if (timedOut) {
                return false;
            }
            committed = true;
            if (!(handling() instanceof ResponseHandling.Capture)) {
                deadline.cancel(false); // from here on only the idle timeout bounds a long stream
            }
            return true;
        }

        private ResponseHandling handling() {
            return exchange.plan.handling();
        }

        @Override
        public void onHead(UpstreamResponseHead head) {
            this.head = head;
            if (!head.successful() || handling() instanceof ResponseHandling.Capture) {
                buffer = new ByteArrayOutputStream();
            } else if (handling() instanceof ResponseHandling.Stream) {
                events = new SseParser(this::onEvent, MAX_EVENT_BYTES);
                pacer = new EventPacer(exchange.response, timer);
            } else if (commit()) {
                exchange.response.start(head.status(), relayedHeaders(head));
            }
        }

        @Override
        public void onData(ByteBuffer chunk) {
            int size = chunk.remaining();
            if (buffer != null) {
                int limit = head.successful() ? MAX_CAPTURED_BODY_BYTES : MAX_ERROR_BODY_BYTES;
                if (buffer.size() + size > limit) {
                    throw new IllegalStateException("upstream body larger than " + limit + " bytes");
                }
                byte[] bytes = new byte[size];
                chunk.get(bytes);
                buffer.write(bytes, 0, size);
                call.acknowledge(size);
            } else if (events != null) {
                eventsWritten = false;
                events.feed(chunk);
                if (eventsWritten) {
                    // Release the window only once the client has taken the events.
                    pacer.write(ByteBuffer.allocate(0), () -> call.acknowledge(size), Duration.ZERO);
                } else {
                    call.acknowledge(size); // no complete event yet: nothing waits for the client
                }
            } else {
                ByteBuffer copy = ByteBuffer.allocate(size).put(chunk).flip();
                exchange.response.write(copy, () -> call.acknowledge(size));
            }
        }

        private void onEvent(SseEvent event) {
            if (!exchange.response.isCommitted()) {
                if (!commit()) {
                    return;
                }
                exchange.response.start(head.status(), EVENT_STREAM_HEADERS);
            }
            send(translator().onEvent(event));
        }

        private StreamTranslator translator() {
            return ((ResponseHandling.Stream) handling()).translator();
        }

        private void send(List<OutgoingEvent> outgoing) {
            for (OutgoingEvent out : outgoing) {
                eventsWritten = true;
                pacer.write(ByteBuffer.wrap(out.event().encode()), null, out.delayAfter());
            }
        }

        @Override
        public void onEnd() {
            deadline.cancel(false);
            if (!head.successful()) {
                byte[] body = buffer.toByteArray();
                Outcome outcome = classifier.classify(head.status(), body, exchange.plan.resourceScoped());
                exchange.failed(this, new Failure(outcome, head, body, false));
                return;
            }
            report(new Outcome.Success(), null, null);
            if (handling() instanceof ResponseHandling.Capture capture) {
                sendCaptured(capture.transformer());
            } else if (handling() instanceof ResponseHandling.Stream stream) {
                events.finish();
                if (!exchange.response.isCommitted()) {
                    exchange.response.start(head.status(), EVENT_STREAM_HEADERS);
                }
                send(stream.translator().onEnd());
                pacer.end();
            } else {
                exchange.response.end();
            }
        }

        private void sendCaptured(AsyncResponseTransformer transformer) {
            CompletableFuture<CapturedResponse> answer;
            try {
                answer = transformer.transform(key, head, buffer.toByteArray());
            } catch (Exception e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((captured, failure) -> {
                if (failure == null) {
                    exchange.response.sendWhole(captured.status(), captured.headers(), captured.body());
                } else {
                    log.warn("cannot understand the upstream answer: {}", failure.toString());
                    exchange.sendError(502, "The upstream answer could not be understood");
                }
            });
        }

        @Override
        public void onFailure(Exception cause) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (exchange.clientGone) {
                return; // nobody is waiting; not the key's fault either
            }
            boolean expired;
            synchronized (this) {
                expired = timedOut;
            }
            Outcome outcome = expired ? new Outcome.Transient("timeout") : classifier.classifyFailure(cause);
            if (exchange.response.isCommitted()) {
                report(outcome, null, null);
                endBrokenResponse(outcome);
            } else {
                exchange.failed(this, new Failure(outcome, null, null, expired));
            }
        }

        /** The response is under way: all that is left is to say so in the body, or cut it. */
        private void endBrokenResponse(Outcome outcome) {
            log.warn("upstream failed mid-response with key {}: {}", key.fingerprint(), outcome);
            if (handling() instanceof ResponseHandling.Stream stream) {
                String reason = outcome instanceof Outcome.Transient failure ? failure.reason() : "upstream error";
                send(stream.translator().onBroken("The upstream stream broke off: " + reason));
                pacer.end();
            } else {
                exchange.response.abort();
            }
        }
    }
}
