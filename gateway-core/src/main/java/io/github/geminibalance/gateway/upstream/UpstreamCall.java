package io.github.geminibalance.gateway.upstream;

/** One upstream call, prepared by {@link UpstreamClient#call}. */
public interface UpstreamCall {

    /** Sends the request; the listener hears of the response on the reactor threads. */
    void start(UpstreamListener listener);

    /** Aborts the call and releases its connection; the listener sees {@code onFailure}. */
    void cancel();

    /** Releases {@code bytes} of the receive window, letting the upstream send that much more. */
    void acknowledge(int bytes);
}
