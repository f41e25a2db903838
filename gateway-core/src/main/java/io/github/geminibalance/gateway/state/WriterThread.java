package io.github.geminibalance.gateway.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a store is written from, so that no request ever waits on a database: it runs
 * tasks at fixed intervals, and when stopped lets a write under way finish, then runs the last
 * write on the stopping thread, which from then on is the only one writing.
 */
final class WriterThread {

    /** How long a write under way may take to finish at shutdown. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private final ScheduledExecutorService executor;

    WriterThread(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} after {@code firstAfter}, then again {@code interval} after each run ends. */
    void every(Duration interval, Duration firstAfter, Runnable task) {
        executor.scheduleWithFixedDelay(task, firstAfter.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread, then runs {@code last} here unless interrupted meanwhile. */
    void stop(Runnable last) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
            last.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
