package io.github.geminibalance.plugin.api.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A complete HTTP answer. Header names are matched without regard to case. */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {

    public HttpResult {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty())
                .map(header -> header.getValue().get(0))
                .findFirst();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
