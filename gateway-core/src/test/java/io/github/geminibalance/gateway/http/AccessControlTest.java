package io.github.geminibalance.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.geminibalance.gateway.config.GatewayConfig.AuthConfig;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.http.AccessControl.Caller;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a token may arrive, and who it makes the caller. */
class AccessControlTest {

    private static final String CLIENT = "client-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";

    private final AccessControl access =
            new AccessControl(new AuthConfig(List.of(new Secret(CLIENT)), Optional.of(new Secret(ADMIN)), Optional.empty()));

    @Test
    void eachOfTheFourPlacesCarriesTheToken() {
        assertEquals(Caller.CLIENT, access.identify(header("Authorization", "Bearer " + CLIENT)));
        assertEquals(Caller.CLIENT, access.identify(header("x-goog-api-key", CLIENT)));
        assertEquals(Caller.CLIENT, access.identify(header("x-api-key", CLIENT)));
        HttpServerExchange query = new HttpServerExchange(null);
        query.addQueryParam("key", CLIENT);
        assertEquals(Caller.CLIENT, access.identify(query));
    }

    @Test
    void anthropicsHeaderIsMatchedCaseInsensitivelyTrimmedAndCanCarryTheAdminToken() {
        assertEquals(Caller.CLIENT, access.identify(header("X-Api-Key", "  " + CLIENT + " ")));
        assertEquals(Caller.ADMIN, access.identify(header("x-api-key", ADMIN)));
    }

    @Test
    void aWrongTokenInXApiKeyIsAnonymousAndDoesNotSpoilARightOneElsewhere() {
        assertEquals(Caller.ANONYMOUS, access.identify(header("x-api-key", "not-the-token")));
        assertEquals(Caller.ANONYMOUS, access.identify(header("x-api-key", "")));
        HttpServerExchange both = header("x-api-key", "not-the-token");
        both.getRequestHeaders().put(HttpString.tryFromString("Authorization"), "Bearer " + CLIENT);
        assertEquals(Caller.CLIENT, access.identify(both));
    }

    @Test
    void xApiKeyIsNotGoogleStyle() {
        assertFalse(AccessControl.usesGoogleStyle(header("x-api-key", CLIENT)),
                "GET /v1/models with x-api-key stays OpenAI's model list");
    }

    private static HttpServerExchange header(String name, String value) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.getRequestHeaders().put(HttpString.tryFromString(name), value);
        return exchange;
    }
}
