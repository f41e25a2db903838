package io.github.geminibalance.gateway.http;

/** The client-facing protocol of a route, which decides the shape of its error bodies. */
public enum ApiProtocol {
    /** Google's {@code {"error":{"code","message","status"}}}. */
    GEMINI,
    /** OpenAI's {@code {"error":{"message","type","param","code"}}}. */
    OPENAI
}
