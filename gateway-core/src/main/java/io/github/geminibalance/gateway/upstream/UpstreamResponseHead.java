package io.github.geminibalance.gateway.upstream;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status line and headers of an upstream response, before its body. */
public record UpstreamResponseHead(int status, List<Map.Entry<String, String>> headers) {

    public UpstreamResponseHead {
        headers = List.copyOf(headers);
    }

    /** The first value of a header, matched without regard to case. */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
