package io.github.geminibalance.gateway.check;

import io.github.geminibalance.gateway.keys.ApiKey;

/** Gemini error bodies as Google sends them (protocols.md §4.2), for the tests of keys and their states. */
public final class ErrorBodies {

    public static final String INVALID = """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
              "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
                          "domain":"googleapis.com"}]}}""";

    public static final String PER_MINUTE = """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[
                            {"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
                         {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}""";

    /** A per-minute 429 asking for an hour's wait: the key stays cooling for the whole of a test. */
    public static final String FOR_AN_HOUR = """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3600s"}]}}""";

    public static final String PER_DAY = """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[
                            {"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}""";

    public static final String UNAVAILABLE = """
            {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}""";

    private ErrorBodies() {}

    /** A 403 whose message quotes the key, as Google's does. */
    public static String suspended(ApiKey key) {
        return """
                {"error":{"code":403,"message":"Permission denied: Consumer 'api_key:%s' has been suspended.",
                  "status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
                  "reason":"CONSUMER_SUSPENDED","domain":"googleapis.com"}]}}""".formatted(key.value());
    }
}
