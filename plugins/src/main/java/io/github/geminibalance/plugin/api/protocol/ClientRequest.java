package io.github.geminibalance.plugin.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * A client's request to a {@link ProtocolAdapter}, authenticated already.
 *
 * @param headers request headers, names in lower case; the client's credentials are removed
 * @param body the JSON body
 */
public record ClientRequest(String path, Map<String, String> headers, JsonNode body) {

    public ClientRequest {
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
