package io.github.geminibalance.gateway.upstream;

import java.net.SocketAddress;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient's default TLS, created when the first TLS connection is made rather than with the
 * client: setting up the JDK's TLS context (the trust store read and parsed) takes a fifth of the
 * gateway's start-up, which {@code /health} need not wait for. {@link #warmUp} creates it ahead of
 * the first call, off the start-up path.
 */
final class DeferredTlsStrategy implements TlsStrategy {

    private volatile TlsStrategy delegate;

    /** Creates the TLS context now, if no connection has yet. */
    void warmUp() {
        tls();
    }

    @Override
    @Deprecated
    public boolean upgrade(TransportSecurityLayer sessionLayer, HttpHost host, SocketAddress localAddress,
            SocketAddress remoteAddress, Object attachment, Timeout handshakeTimeout) {
        return tls().upgrade(sessionLayer, host, localAddress, remoteAddress, attachment, handshakeTimeout);
    }

    @Override
    public void upgrade(TransportSecurityLayer sessionLayer, NamedEndpoint endpoint, Object attachment,
            Timeout handshakeTimeout, FutureCallback<TransportSecurityLayer> callback) {
        tls().upgrade(sessionLayer, endpoint, attachment, handshakeTimeout, callback);
    }

    private TlsStrategy tls() {
        TlsStrategy tls = delegate;
        if (tls == null) {
            synchronized (this) {
                tls = delegate;
                if (tls == null) {
                    tls = DefaultClientTlsStrategy.createDefault();
                    delegate = tls;
                }
            }
        }
        return tls;
    }
}
