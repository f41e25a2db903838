package io.github.geminibalance.gateway.protocol;

import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;

/**
 * A protocol adapter of the gateway's own. It is registered and served like a plugin's, and
 * relays upstream errors the way the other routes of its protocol do, which tells the client
 * Google's error status as well as its message.
 */
public interface BuiltInAdapter extends ProtocolAdapter {

    /** The protocol whose routes this adapter joins. */
    ApiProtocol protocol();
}
