package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.keys.GoogleError;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.ErrorRenderer;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The gateway's own client-facing protocols, each rendering errors in its shape. */
public enum ApiProtocol implements ErrorRenderer {

    /** Google's {@code {"error":{"code","message","status"}}}; upstream errors go back as Google sent them. */
    GEMINI {
        @Override
        public CapturedResponse relay(UpstreamResponseHead head, byte[] body) {
            return new CapturedResponse(head.status(), KeyRotatingProxy.relayedHeaders(head), body);
        }
    },

    /** OpenAI's {@code {"error":{"message","type","param","code"}}}; upstream errors carry Google's message. */
    OPENAI {
        @Override
        public CapturedResponse relay(UpstreamResponseHead head, byte[] body) {
            GoogleError error = GoogleError.parse(body);
            int status = head.status();
            String type = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
            String code = switch (status) {
                case 404 -> "model_not_found";
                case 429 -> "rate_limit_exceeded";
                default -> error.status().isBlank() ? null : error.status().toLowerCase(Locale.ROOT);
            };
            return json(status, ErrorBodies.openAi(status, ErrorRenderer.upstreamMessage(status, error), type, code));
        }
    };

    @Override
    public CapturedResponse render(int status, String message) {
        return json(status, ErrorBodies.render(this, status, message));
    }

    private static CapturedResponse json(int status, byte[] body) {
        return new CapturedResponse(status, List.of(Map.entry("Content-Type", "application/json")), body);
    }
}
