package io.github.geminibalance.plugin.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A complete response to the client. */
public record ClientResponse(int status, String contentType, byte[] body) {

    public ClientResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A JSON response. */
    public static ClientResponse json(int status, String json) {
        return new ClientResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
