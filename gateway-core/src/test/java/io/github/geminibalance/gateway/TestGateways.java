package io.github.geminibalance.gateway;

import io.github.geminibalance.gateway.config.ConfigLoader;
import io.github.geminibalance.gateway.config.ConfigResult;
import io.github.geminibalance.gateway.config.GatewayConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Starts real gateways on a loopback port for integration tests. */
public final class TestGateways {

    public static final String CLIENT_TOKEN = "client-token-0123456789";
    public static final String ADMIN_TOKEN = "admin-token-0123456789";
    public static final String KEY_A = "AIzaSyA-test-key-aaaaaaaaaaaaaaaaaaaaaaaa";
    public static final String KEY_B = "AIzaSyB-test-key-bbbbbbbbbbbbbbbbbbbbbbbb";
    public static final String KEY_C = "AIzaSyC-test-key-cccccccccccccccccccccccc";

    private TestGateways() {}

    /** A configuration with three keys, a client and an admin token, pointing at {@code baseUrl}. */
    public static GatewayConfig config(String baseUrl, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("API_KEYS", "[\"" + KEY_A + "\",\"" + KEY_B + "\",\"" + KEY_C + "\"]");
        settings.put("ALLOWED_TOKENS", "[\"" + CLIENT_TOKEN + "\"]");
        settings.put("AUTH_TOKEN", ADMIN_TOKEN);
        settings.put("BASE_URL", baseUrl);
        settings.put("HOST", "127.0.0.1");
        settings.put("PORT", "0");
        settings.put("TIME_OUT", "5");
        settings.put("SHUTDOWN_DRAIN_SECONDS", "2");
        settings.put("DATABASE_TYPE", "none"); // each test starts from fresh key states; RestartIT keeps its own file
        settings.putAll(overrides);
        ConfigResult result = ConfigLoader.load(settings, Set.of());
        return result.config().orElseThrow(() -> new IllegalArgumentException("bad test config: " + result.errors()));
    }

    public static Gateway start(String baseUrl, Map<String, String> overrides) {
        return Gateway.start(config(baseUrl, overrides));
    }
}
