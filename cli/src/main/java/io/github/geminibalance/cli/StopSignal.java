package io.github.geminibalance.cli;

/** What {@code serve} waits for before it stops taking requests and drains the running ones. */
@FunctionalInterface
public interface StopSignal {

    /**
     * Starts catching the signal. {@code serve} calls this before it opens the port, so that a stop
     * requested while the gateway starts is not lost; it is a no-op by default.
     */
    default void listen() {}

    /** Blocks until the gateway is asked to stop (at once when that happened already). */
    void await() throws InterruptedException;

    /**
     * SIGTERM or SIGINT. Their handlers replace the JVM's default, which would exit at once with
     * status 143 or 130, so that {@code serve} drains and then exits 0. The handlers are installed
     * by {@link #listen()}, so no other command changes how the process reacts to signals.
     */
    static StopSignal terminationSignals() {
        return new TerminationSignals();
    }
}
