package io.github.geminibalance.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders the gateway's own errors in each protocol's shape, so that every client SDK maps them
 * to its usual exception. Messages are written for humans and never carry a key or a token.
 */
public final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {}

    public static byte[] render(ApiProtocol protocol, int status, String message) {
        return switch (protocol) {
            case GEMINI -> gemini(status, message);
            case OPENAI -> openAi(status, message, openAiType(status), openAiCode(status));
        };
    }

    public static byte[] gemini(int status, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error")
                .put("code", status)
                .put("message", message)
                .put("status", googleStatus(status));
        return bytes(error);
    }

    public static byte[] openAi(int status, String message, String type, String code) {
        return openAi(status, message, type, code, null);
    }

    /** OpenAI's error shape; {@code param} names the offending request field, or is {@code null}. */
    public static byte[] openAi(int status, String message, String type, String code, String param) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode body = error.putObject("error");
        body.put("message", message).put("type", type);
        if (param == null) {
            body.putNull("param");
        } else {
            body.put("param", param);
        }
        if (code == null) {
            body.putNull("code");
        } else {
            body.put("code", code);
        }
        return bytes(error);
    }

    /** The {@code google.rpc.Code} name Google pairs with an HTTP status. */
    static String googleStatus(int status) {
        return switch (status) {
            case 400, 411, 413, 414, 415, 431 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405, 501 -> "UNIMPLEMENTED";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 502, 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private static String openAiType(int status) {
        return switch (status) {
            case 401 -> "invalid_request_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String openAiCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "no_available_keys";
            default -> null;
        };
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render an error body", e);
        }
    }
}
