package io.github.geminibalance.gateway.metrics;

import io.github.geminibalance.gateway.keys.KeyPool;
import io.github.geminibalance.gateway.observe.GatewayObserver;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The gateway's metrics in one Prometheus registry: the requests and attempts the observer hook
 * reports, the key pool, the HTTP clients' connection pools, whether persistence is degraded,
 * and the JVM's own.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** Prometheus' text exposition format, which every Prometheus version reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final KeyPoolGauges keys;
    /** Listens to the JVM's collection notifications until closed; null until the JVM's meters are bound. */
    private JvmGcMetrics gc;
    private boolean closed;

    public GatewayMetrics(KeyPool pool) {
        keys = new KeyPoolGauges(registry, pool);
    }

    /**
     * Adds the JVM's and the process's meters: memory, collections, threads, classes, CPU, uptime,
     * open files. Their classes take some 50 ms to load on a cold start, so the gateway binds them
     * after its port is open.
     */
    public synchronized void bindJvmMetrics() {
        if (closed || gc != null) {
            return;
        }
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Where requests and upstream attempts are counted. */
    public GatewayObserver observer() {
        return requests;
    }

    /** Shows the connection pool of one HTTP client, {@code client} naming it. */
    public void watchConnections(String client, UpstreamClient connections) {
        Tags tags = Tags.of("client", client);
        String inPool = "Connections of the HTTP client's pool: leased (in use) or available (idle)";
        poolGauge("gemini_balance.http.client.connections", inPool, tags.and("state", "leased"), connections,
                PoolStats::getLeased);
        poolGauge("gemini_balance.http.client.connections", inPool, tags.and("state", "available"), connections,
                PoolStats::getAvailable);
        poolGauge("gemini_balance.http.client.pending", "Calls of the HTTP client waiting for a connection", tags,
                connections, PoolStats::getPending);
        poolGauge("gemini_balance.http.client.connections.max", "The most connections the HTTP client's pool holds",
                tags, connections, PoolStats::getMax);
    }

    private void poolGauge(String name, String description, Tags tags, UpstreamClient connections,
            ToDoubleFunction<PoolStats> stat) {
        Gauge.builder(name, connections, client -> stat.applyAsDouble(client.poolStats()))
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    /** Shows, as 1 or 0, whether {@code store} is failing, so that its data lives in memory only. */
    public void watchPersistence(String store, BooleanSupplier degraded) {
        Gauge.builder("gemini_balance.persistence.degraded", degraded, d -> d.getAsBoolean() ? 1 : 0)
                .description("1 while the store fails and what it keeps lives in memory only, else 0")
                .tag("store", store)
                .strongReference(true)
                .register(registry);
    }

    /**
     * Counts the records {@code store} had to drop because it failed or could not keep up, as
     * {@code dropped} reads them from {@code source} (which the caller keeps: the registry holds it weakly).
     */
    public <T> void watchDropped(String store, T source, ToDoubleFunction<T> dropped) {
        FunctionCounter.builder("gemini_balance.persistence.dropped", source, dropped)
                .description("Records a store dropped because it failed or could not keep up, since start")
                .tag("store", store)
                .register(registry);
    }

    /** Every metric in Prometheus' text format ({@link #CONTENT_TYPE}), the key pool counted now. */
    public synchronized String scrape() {
        keys.refresh();
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
