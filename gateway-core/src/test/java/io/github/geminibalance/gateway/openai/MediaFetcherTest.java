package io.github.geminibalance.gateway.openai;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import io.github.geminibalance.gateway.openai.ChatTranslation.MediaFetch;
import io.github.geminibalance.gateway.upstream.NetworkGuard;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The time cap of an image fetch, against a server that accepts the request and never answers. */
class MediaFetcherTest {

    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private HttpServer silent;
    private UpstreamClient client;

    @BeforeEach
    void start() throws Exception {
        silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.setExecutor(serverThreads);
        silent.createContext("/slow.png", exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        client = new UpstreamClient(Duration.ofSeconds(30), 4, new NetworkGuard(List.of("127.0.0.1")));
    }

    @AfterEach
    void stop() {
        released.countDown();
        client.closeNow();
        silent.stop(0);
        serverThreads.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void anImageThatTakesLongerThanTheCapFailsWithAPlainReason() {
        MediaFetcher fetcher = new MediaFetcher(client, Runnable::run, timer, Duration.ofMillis(300));
        URI url = URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/slow.png");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> fetcher
                .fetchAll(List.of(new MediaFetch(url, JsonNodeFactory.instance.objectNode())))
                .get(10, TimeUnit.SECONDS));

        assertInstanceOf(MediaFetcher.MediaFetchException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("took longer than"), failure.getCause().getMessage());
    }
}
