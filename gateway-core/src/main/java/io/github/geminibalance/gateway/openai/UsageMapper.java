package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gemini {@code usageMetadata} as OpenAI {@code usage} (protocols.md §2.7). OpenAI counts
 * reasoning tokens inside the completion tokens and tool-use prompt tokens inside the prompt; the
 * total is always the sum of the two, so it adds up even where Gemini's own total does not.
 */
final class UsageMapper {

    private UsageMapper() {}

    /** Fills {@code usage} from {@code usageMetadata}; a missing block counts as zero everywhere. */
    static ObjectNode fill(ObjectNode usage, JsonNode usageMetadata) {
        JsonNode in = usageMetadata == null ? usage.missingNode() : usageMetadata;
        long prompt = count(in, "promptTokenCount") + count(in, "toolUsePromptTokenCount");
        long thoughts = count(in, "thoughtsTokenCount");
        long completion = count(in, "candidatesTokenCount") + thoughts;
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", count(in, "cachedContentTokenCount"));
        usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        return usage;
    }

    private static long count(JsonNode usageMetadata, String field) {
        return usageMetadata.path(field).asLong(0);
    }
}
