package io.github.geminibalance.gateway.observe;

import java.util.List;

/**
 * Told of every finished request and upstream attempt: the request and error logs and the metrics
 * listen here. Calls come from I/O and reactor threads on the request path, so an observer must
 * return at once: queue, count, never wait.
 */
public interface GatewayObserver {

    /** Observes nothing. */
    GatewayObserver NONE = new GatewayObserver() {};

    default void requestEnded(RequestRecord request) {}

    default void attemptEnded(AttemptRecord attempt) {}

    /** Tells each of {@code observers}, in order. */
    static GatewayObserver all(List<GatewayObserver> observers) {
        List<GatewayObserver> copy = List.copyOf(observers);
        return new GatewayObserver() {
            @Override
            public void requestEnded(RequestRecord request) {
                copy.forEach(observer -> observer.requestEnded(request));
            }

            @Override
            public void attemptEnded(AttemptRecord attempt) {
                copy.forEach(observer -> observer.attemptEnded(attempt));
            }
        };
    }
}
