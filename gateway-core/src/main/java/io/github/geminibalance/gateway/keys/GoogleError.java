package io.github.geminibalance.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Gemini error body ({@code google.rpc.Status} in JSON) that decide what an error
 * means for the key that received it (protocols.md §4.2).
 *
 * <p>{@link #message()} is Google's text and may quote the key itself ("Consumer 'api_key:AIza…'
 * has been suspended"), so it must be masked before it is shown anywhere.
 *
 * @param code the {@code error.code}, or 0 if absent
 * @param message the {@code error.message}, or empty
 * @param status the {@code error.status} (a {@code google.rpc.Code} name such as
 *     {@code INVALID_ARGUMENT}), or empty
 * @param reasons the {@code reason} of every {@code google.rpc.ErrorInfo} detail, in body order
 * @param retryDelay the {@code google.rpc.RetryInfo} delay, or {@code null} if the body has none
 * @param quotaIds the {@code quotaId} of every {@code google.rpc.QuotaFailure} violation
 */
public record GoogleError(
        int code, String message, String status, List<String> reasons, Duration retryDelay, List<String> quotaIds) {

    /** What an unreadable body (HTML error page, empty, truncated, foreign JSON) parses to. */
    public static final GoogleError EMPTY = new GoogleError(0, "", "", List.of(), null, List.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    private static final String QUOTA_FAILURE = "type.googleapis.com/google.rpc.QuotaFailure";

    /** A protobuf JSON {@code Duration}: seconds with up to nine fractional digits and an "s". */
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?s");

    public GoogleError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
        quotaIds = List.copyOf(quotaIds);
    }

    /**
     * Reads an upstream error body: {@code {"error":{...}}}, or the same wrapped in an array as
     * some Google endpoints send it. Anything else gives {@link #EMPTY}; this never throws, since
     * an upstream that answers with garbage still has to be classified by its status.
     */
    public static GoogleError parse(byte[] body) {
        if (body == null || body.length == 0) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException notJson) {
            return EMPTY;
        }
        if (root.isArray()) {
            root = root.path(0);
        }
        JsonNode error = root.path("error");
        if (!error.isObject()) {
            return EMPTY;
        }
        List<String> reasons = new ArrayList<>();
        List<String> quotaIds = new ArrayList<>();
        Duration retryDelay = null;
        for (JsonNode detail : error.path("details")) {
            switch (detail.path("@type").asText("")) {
                case ERROR_INFO -> addText(reasons, detail.path("reason"));
                case RETRY_INFO -> retryDelay = parseProtoDuration(detail.path("retryDelay").asText(""));
                case QUOTA_FAILURE -> {
                    for (JsonNode violation : detail.path("violations")) {
                        addText(quotaIds, violation.path("quotaId"));
                    }
                }
                default -> {
                    // LocalizedMessage, Help, BadRequest, DebugInfo: nothing that concerns the key.
                }
            }
        }
        return new GoogleError(
                error.path("code").asInt(0),
                error.path("message").asText(""),
                error.path("status").asText(""),
                reasons,
                retryDelay,
                quotaIds);
    }

    /** Whether any {@code ErrorInfo} detail carries {@code reason}. */
    public boolean hasReason(String reason) {
        return reasons.contains(reason);
    }

    /**
     * Parses a protobuf JSON duration such as {@code "26s"}, {@code "0.5s"} or
     * {@code "1.234567s"}; {@code null} if it is not one (negative delays are meaningless here).
     */
    static Duration parseProtoDuration(String text) {
        Matcher m = PROTO_DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long seconds = Long.parseLong(m.group(1));
        String fraction = m.group(2) == null ? "" : m.group(2);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
        return Duration.ofSeconds(seconds, nanos);
    }

    private static void addText(List<String> into, JsonNode node) {
        if (node.isTextual() && !node.textValue().isEmpty()) {
            into.add(node.textValue());
        }
    }
}
