package io.github.geminibalance.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigResult;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.openai.ChatRequestTranslator;
import io.github.geminibalance.gateway.openai.ChatTranslation;
import java.util.Map;
import java.util.Set;

/**
 * The gateway configuration and the translated chat request the benchmarks share, built through
 * the gateway's own loader and translator so that they are what a running gateway would hold.
 */
final class Fixtures {

    static final String COMPLETION_ID = "chatcmpl-bench";
    static final long CREATED = 1_767_225_600L;

    private Fixtures() {}

    /** The fewest settings a gateway starts with; everything else at its default, as most operators run it. */
    static GatewayConfig config() {
        Map<String, String> settings = Map.of(
                "API_KEYS", "[\"AIzaSyB-bench-key-000000000000000000000\"]",
                "ALLOWED_TOKENS", "[\"bench-client-token-0123456789\"]",
                "AUTH_TOKEN", "bench-admin-token-0123456789");
        ConfigResult result = ConfigLoader.load(settings, Set.of());
        return result.config().orElseThrow(() -> new IllegalStateException("bad benchmark settings: " + result.errors()));
    }

    /**
     * {@link Payloads#CHAT_REQUEST} as the gateway translated it; a streamed one asks for the usage
     * chunk too, as the OpenAI SDKs' token counters do.
     */
    static ChatTranslation chat(GatewayConfig config, ObjectMapper json, boolean stream) {
        ObjectNode body = (ObjectNode) Json.read(json, Payloads.CHAT_REQUEST);
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return new ChatRequestTranslator(config).translate(body);
    }
}
