package io.github.geminibalance.gateway.admin;

/**
 * What the admin tests script MockServer with: the chat model that real traffic calls, and the
 * {@code TEST_MODEL} that a key check probes.
 */
final class AdminTestUpstream {

    static final String MODEL = "gemini-2.5-flash";
    static final String TEST_MODEL = "gemini-probe";
    static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";
    static final String PROBE = "/v1beta/models/" + TEST_MODEL;
    static final String PROMPT = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}],\"role\":\"user\"}]}";
    static final String OK_ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}]}";
    static final String MODEL_ANSWER = "{\"name\":\"models/" + TEST_MODEL + "\"}";

    private AdminTestUpstream() {}
}
