package io.github.geminibalance.gateway.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.geminibalance.gateway.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String POOL_KEY = "AIzaSyD-0123456789abcdefghijklmnopqrstu";
    private static final String TOKEN = "sk-client-token-42";

    private final Redactor redactor = new Redactor(List.of(new Secret(POOL_KEY), new Secret(TOKEN), new Secret("short")));

    @Test
    void masksConfiguredSecretsAndAnythingShapedLikeAGoogleKey() {
        String foreignKey = "AIza" + "B".repeat(35);
        String message = "Consumer 'api_key:" + POOL_KEY + "' suspended; token " + TOKEN + "; other " + foreignKey;

        String redacted = redactor.redact(message);

        assertFalse(redacted.contains(POOL_KEY));
        assertFalse(redacted.contains(TOKEN));
        assertFalse(redacted.contains(foreignKey));
        assertEquals("Consumer 'api_key:AIzaSy...rstu' suspended; token sk-cli...n-42; other AIzaBB...BBBB", redacted);
    }

    @Test
    void leavesOrdinaryTextAndShortSecretsAlone() {
        byte[] body = "{\"error\":{\"message\":\"a short answer\"}}".getBytes(StandardCharsets.UTF_8);
        assertSame(body, redactor.redact(body));
    }
}
