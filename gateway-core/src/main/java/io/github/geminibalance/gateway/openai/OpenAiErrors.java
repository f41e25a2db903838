package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.gateway.http.Responses;
import io.undertow.server.HttpServerExchange;

/** Sends the OpenAI surface's own refusals, in OpenAI's error shape. */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static void send(HttpServerExchange exchange, OpenAiRequestException refusal) {
        byte[] body = ErrorBodies.openAi(
                refusal.status(), refusal.getMessage(), "invalid_request_error", refusal.code(), refusal.param());
        Responses.json(exchange, refusal.status(), body);
    }

    static void invalidJson(HttpServerExchange exchange) {
        send(exchange, OpenAiRequestException.badRequest(
                "We could not parse the JSON body of your request: it must be a JSON object.", null));
    }
}
