package io.github.geminibalance.gateway.proxy;

import java.util.List;
import java.util.Map;

/** A complete response, as a {@link ResponseMode#CAPTURE} transformer hands it back. */
public record CapturedResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public CapturedResponse {
        headers = List.copyOf(headers);
    }
}
