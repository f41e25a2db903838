package io.github.geminibalance.gateway.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The gateway's only way to the upstream: Apache HttpClient 5 async, pooled connections, bodies
 * streamed chunk by chunk with a bounded receive window. It never retries by itself: a retry means
 * another key and is the caller's decision.
 */
public final class UpstreamClient implements AutoCloseable {

    /** How much of a response may be in flight between the upstream and the client. */
    static final int RECEIVE_WINDOW_BYTES = 256 * 1024;
    private static final int CONNECTION_BUFFER_BYTES = 8 * 1024;

    private final CloseableHttpAsyncClient client;
    private final PoolingAsyncClientConnectionManager connections;
    private final DeferredTlsStrategy tls = new DeferredTlsStrategy();

    /**
     * @param idleTimeout the longest silence on a connection before the call fails
     * @param maxConnections the most connections held open to the upstream
     */
    public UpstreamClient(Duration idleTimeout, int maxConnections) {
        this(idleTimeout, maxConnections, SystemDefaultDnsResolver.INSTANCE);
    }

    /**
     * @param resolver turns host names into the addresses connected to; a {@link NetworkGuard}
     *     keeps a client for untrusted URLs off private networks
     */
    public UpstreamClient(Duration idleTimeout, int maxConnections, DnsResolver resolver) {
        Timeout idle = Timeout.ofMilliseconds(idleTimeout.toMillis());
        connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(tls)
                .setDnsResolver(resolver)
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections) // nearly every call goes to one host
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(Math.min(10_000, idleTimeout.toMillis())))
                        .setSocketTimeout(idle)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(10))
                        .build())
                // HTTP/2 where the upstream offers it through ALPN (Google does), HTTP/1.1 otherwise.
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
                .build();
        client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                // HttpCore gives each HTTP/1.1 connection three 32 KiB buffers by default: 96 KiB of
                // heap for every open stream. Gemini's chunks are a few KiB, so 8 KiB buffers hold
                // them whole; a long body only takes a few more reads.
                .setHttp1Config(Http1Config.custom().setBufferSize(CONNECTION_BUFFER_BYTES).build())
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(idle).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(idle)
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(idleTimeout.toMillis()))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
        client.start();
    }

    /** Sets TLS up now, ahead of the first call, which then need not wait for it. */
    public void prepareTls() {
        tls.warmUp();
    }

    /**
     * Prepares a call; nothing is sent before {@link UpstreamCall#start}. Splitting the two lets the
     * listener hold its call (to acknowledge bytes) before the first callback can arrive.
     */
    public UpstreamCall call(UpstreamRequest request) {
        return new Call(request);
    }

    private AsyncRequestProducer producerFor(UpstreamRequest request) {
        AsyncRequestBuilder builder = AsyncRequestBuilder.create(request.method()).setUri(request.uri());
        String contentType = null;
        for (Map.Entry<String, String> header : request.headers()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue();
            } else {
                builder.addHeader(header.getKey(), header.getValue());
            }
        }
        if (request.body() != null) {
            builder.setEntity(AsyncEntityProducers.create(request.body(),
                    contentType == null ? ContentType.APPLICATION_JSON : ContentType.parse(contentType)));
        } else if (contentType != null) {
            builder.addHeader("Content-Type", contentType);
        }
        return builder.build();
    }

    private final class Call implements UpstreamCall {
        private final UpstreamRequest request;
        private volatile StreamingConsumer consumer;
        private volatile Future<Void> future;
        private volatile boolean cancelled;

        Call(UpstreamRequest request) {
            this.request = request;
        }

        @Override
        public void start(UpstreamListener listener) {
            StreamingConsumer streaming = new StreamingConsumer(listener);
            consumer = streaming;
            if (cancelled) {
                streaming.fail(new UpstreamCancelledException());
                return;
            }
            future = client.execute(producerFor(request), streaming, new FutureCallback<>() {
                @Override
                public void completed(Void result) {}

                @Override
                public void failed(Exception cause) {
                    streaming.fail(cause);
                }

                @Override
                public void cancelled() {
                    streaming.fail(new UpstreamCancelledException());
                }
            });
            if (cancelled) {
                future.cancel(true);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            StreamingConsumer streaming = consumer;
            if (streaming != null) {
                streaming.cancel();
            }
            Future<Void> running = future;
            if (running != null) {
                running.cancel(true);
            }
        }

        @Override
        public void acknowledge(int bytes) {
            StreamingConsumer streaming = consumer;
            if (streaming != null) {
                streaming.acknowledge(bytes);
            }
        }
    }

    /** Connections leased and idle: how tests prove that aborted calls give their connection back. */
    public PoolStats poolStats() {
        return connections.getTotalStats();
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** Closes at once, cutting calls still running: for a shutdown whose drain time is over. */
    public void closeNow() {
        client.close(CloseMode.IMMEDIATE);
    }

    /** Thrown into a listener when its call was cancelled. */
    public static final class UpstreamCancelledException extends IOException {
        private static final long serialVersionUID = 1L;

        UpstreamCancelledException() {
            super("upstream call cancelled");
        }
    }

    /** Adapts HttpClient's consumer callbacks to an {@link UpstreamListener}, ending it exactly once. */
    private static final class StreamingConsumer implements AsyncResponseConsumer<Void> {

        private final UpstreamListener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile CapacityChannel capacity;
        private volatile FutureCallback<Void> resultCallback;

        StreamingConsumer(UpstreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void consumeResponse(
                HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Void> callback) {
            resultCallback = callback;
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (Header header : response.getHeaders()) {
                headers.add(Map.entry(header.getName(), header.getValue()));
            }
            listener.onHead(new UpstreamResponseHead(response.getCode(), headers));
            if (entity == null) {
                end();
            }
        }

        @Override
        public void informationResponse(HttpResponse response, HttpContext context) {}

        @Override
        public void updateCapacity(CapacityChannel channel) throws IOException {
            boolean first = capacity == null;
            capacity = channel;
            if (first) {
                channel.update(RECEIVE_WINDOW_BYTES);
            }
        }

        @Override
        public void consume(ByteBuffer data) throws IOException {
            if (cancelled) {
                // Failing from inside the reactor is what surely closes an HTTP/1.1 connection
                // whose response is still arriving; the future's cancel alone may leave it open.
                throw new UpstreamCancelledException();
            }
            if (!ended.get()) {
                listener.onData(data);
            }
        }

        void cancel() {
            cancelled = true;
            fail(new UpstreamCancelledException());
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
            end();
        }

        void acknowledge(int bytes) {
            CapacityChannel channel = capacity;
            if (channel != null && bytes > 0 && !ended.get()) {
                try {
                    channel.update(bytes);
                } catch (IOException e) {
                    fail(e);
                }
            }
        }

        private void end() {
            if (ended.compareAndSet(false, true)) {
                listener.onEnd();
                FutureCallback<Void> callback = resultCallback;
                if (callback != null) {
                    callback.completed(null);
                }
            }
        }

        @Override
        public void failed(Exception cause) {
            fail(cause);
        }

        void fail(Exception cause) {
            if (ended.compareAndSet(false, true)) {
                listener.onFailure(cause);
            }
        }

        @Override
        public void releaseResources() {}
    }
}
