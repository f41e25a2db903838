package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.keys.GoogleError;
import io.github.geminibalance.gateway.redact.Redactor;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import java.util.List;
import java.util.Map;

/**
 * Hands an upstream error the client must see (its own bad request, or the last failure when no
 * key succeeded) back in the client's protocol, with the upstream's status and any key in the
 * message masked. Gemini clients get Google's body itself; OpenAI clients get Google's message in
 * OpenAI's error shape.
 */
final class UpstreamErrorRelay {

    private final Redactor redactor;

    UpstreamErrorRelay(Redactor redactor) {
        this.redactor = redactor;
    }

    CapturedResponse relay(ApiProtocol protocol, UpstreamResponseHead head, byte[] body) {
        return switch (protocol) {
            case GEMINI -> new CapturedResponse(head.status(), KeyRotatingProxy.relayedHeaders(head), redactor.redact(body));
            case OPENAI -> openAi(head, body);
        };
    }

    private CapturedResponse openAi(UpstreamResponseHead head, byte[] body) {
        GoogleError error = GoogleError.parse(body);
        String message = error.message().isBlank()
                ? "The upstream answered HTTP " + head.status()
                : redactor.redact(error.message());
        int status = head.status();
        String type = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
        String code = switch (status) {
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> error.status().isBlank() ? null : error.status().toLowerCase(java.util.Locale.ROOT);
        };
        return new CapturedResponse(status, List.of(Map.entry("Content-Type", "application/json")),
                ErrorBodies.openAi(status, message, type, code));
    }
}
