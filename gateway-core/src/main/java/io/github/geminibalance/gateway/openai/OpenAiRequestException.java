package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.http.ErrorBodies;
import io.github.geminibalance.plugin.api.protocol.ProtocolException;

/**
 * A client request the gateway refuses before any upstream call; rendered as OpenAI's
 * {@code {"error":{"message","type":"invalid_request_error","param","code"}}} with its status.
 */
public final class OpenAiRequestException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    private final String param;
    private final String code;

    /**
     * @param param the offending field, like {@code messages[2].tool_calls[0].function.arguments}, or {@code null}
     * @param code OpenAI's error code, like {@code model_not_found}, or {@code null}
     */
    public OpenAiRequestException(int status, String message, String param, String code) {
        super(status, message);
        this.param = param;
        this.code = code;
    }

    public static OpenAiRequestException badRequest(String message, String param) {
        return new OpenAiRequestException(400, message, param, null);
    }

    /** The refusal as OpenAI's error body. */
    public byte[] body() {
        return ErrorBodies.openAi(status(), getMessage(), "invalid_request_error", code, param);
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
