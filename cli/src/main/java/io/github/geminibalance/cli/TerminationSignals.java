package io.github.geminibalance.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@link StopSignal#terminationSignals()}: a latch released by SIGTERM or SIGINT. */
final class TerminationSignals implements StopSignal {

    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);

    private final CountDownLatch received = new CountDownLatch(1);

    @Override
    public void listen() {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("received SIG{}", signal.getName());
                    received.countDown();
                });
            } catch (IllegalArgumentException e) {
                // The JVM keeps the signal (for instance under -Xrs); it then ends the process itself.
                log.warn("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public void await() throws InterruptedException {
        received.await();
    }
}
