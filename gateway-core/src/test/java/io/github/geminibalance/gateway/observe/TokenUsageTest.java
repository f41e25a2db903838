package io.github.geminibalance.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenUsageTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void countsThoughtsAsWhatTheModelWrote() throws Exception {
        Optional<TokenUsage> usage = TokenUsage.of(json.readTree("""
                {"candidates": [], "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 30,
                 "thoughtsTokenCount": 8, "totalTokenCount": 50}}"""));
        assertEquals(Optional.of(new TokenUsage(12, 38, 50)), usage);
    }

    @Test
    void addsUpATotalTheAnswerLeftOut() throws Exception {
        assertEquals(Optional.of(new TokenUsage(3, 4, 7)), TokenUsage.of(json.readTree("""
                {"usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 4}}""")));
    }

    @Test
    void anAnswerWithoutUsageHasNone() throws Exception {
        assertTrue(TokenUsage.of(json.readTree("{\"candidates\": []}")).isEmpty());
        assertTrue(TokenUsage.of(json.readTree("{\"usageMetadata\": 3}")).isEmpty());
    }
}
