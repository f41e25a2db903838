package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.http.Responses;
import io.undertow.server.HttpServerExchange;

/** The OpenAI surface's refusal of a body that is not a JSON object, in OpenAI's error shape. */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static void invalidJson(HttpServerExchange exchange) {
        Responses.json(exchange, 400, OpenAiRequestException.badRequest(
                "We could not parse the JSON body of your request: it must be a JSON object.", null).body());
    }
}
