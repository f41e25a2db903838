package io.github.geminibalance.gateway.openai;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gemini {@code finishReason} → OpenAI {@code finish_reason} (protocols.md §2.7), shared by the
 * plain and the streamed response.
 *
 * <ul>
 *   <li>{@code STOP} → {@code stop}; {@code MAX_TOKENS} → {@code length}; the safety, recitation,
 *       blocklist, prohibited-content, SPII, image-safety and language reasons →
 *       {@code content_filter}.
 *   <li>Every other reason ({@code MALFORMED_FUNCTION_CALL}, {@code UNEXPECTED_TOOL_CALL},
 *       {@code TOO_MANY_TOOL_CALLS}, {@code MISSING_THOUGHT_SIGNATURE}, {@code OTHER},
 *       {@code NO_IMAGE}, unknown future values…) → {@code stop}, which OpenAI clients take as a
 *       normal end. So that such an end is never a silent empty answer, it comes with a
 *       {@linkplain Finish#notice() notice}: when the choice has no text and no tool call, the
 *       notice ({@code [Gemini finishReason: <REASON>] <finishMessage>}) becomes its content.
 *   <li>A {@code stop} for a choice that carries function calls is {@code tool_calls}: agents
 *       decide from the finish reason whether to run tools.
 *   <li>No reason at all (a candidate without one, a stream cut short) → {@code stop}, logged.
 *   <li>A blocked prompt (no candidates, {@code promptFeedback.blockReason}) →
 *       {@code content_filter}, with an empty content and HTTP 200.
 * </ul>
 */
final class FinishReasons {

    static final String STOP = "stop";
    static final String LENGTH = "length";
    static final String TOOL_CALLS = "tool_calls";
    static final String CONTENT_FILTER = "content_filter";

    private static final Logger log = LoggerFactory.getLogger(FinishReasons.class);

    private static final Set<String> FILTERED = Set.of(
            "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE");

    private FinishReasons() {}

    /**
     * @param finishReason OpenAI's value
     * @param notice what to show as content when the choice would otherwise be empty; {@code null}
     *     for an ordinary end
     */
    record Finish(String finishReason, String notice) {}

    /**
     * @param geminiReason the candidate's {@code finishReason}; {@code null} or empty when absent
     * @param finishMessage the candidate's {@code finishMessage}, may be {@code null}
     * @param hasToolCalls whether the choice carries at least one function call
     * @param responseId for the log line
     */
    static Finish of(String geminiReason, String finishMessage, boolean hasToolCalls, String responseId) {
        if (geminiReason == null || geminiReason.isEmpty()) {
            log.warn("Gemini gave no finishReason for {}; finishing with stop", responseId);
            return new Finish(hasToolCalls ? TOOL_CALLS : STOP, null);
        }
        switch (geminiReason) {
            case "STOP":
                return new Finish(hasToolCalls ? TOOL_CALLS : STOP, null);
            case "MAX_TOKENS":
                return new Finish(LENGTH, null);
            default:
                break;
        }
        if (FILTERED.contains(geminiReason)) {
            return new Finish(CONTENT_FILTER, null);
        }
        String message = finishMessage == null ? "" : finishMessage.strip();
        if ("MISSING_THOUGHT_SIGNATURE".equals(geminiReason)) {
            log.warn("Gemini finished {} with MISSING_THOUGHT_SIGNATURE (a thought signature did not come back): {}",
                    responseId, message);
        } else {
            log.info("Gemini finished {} with {}: {}", responseId, geminiReason, message);
        }
        String notice = "[Gemini finishReason: " + geminiReason + "]" + (message.isEmpty() ? "" : " " + message);
        return new Finish(hasToolCalls ? TOOL_CALLS : STOP, notice);
    }

    /** A prompt Gemini refused to answer ({@code promptFeedback.blockReason}). */
    static Finish blockedPrompt(String blockReason, String responseId) {
        log.info("Gemini blocked the prompt of {}: {}", responseId, blockReason);
        return new Finish(CONTENT_FILTER, null);
    }
}
