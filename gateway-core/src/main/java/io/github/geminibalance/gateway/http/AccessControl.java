package io.github.geminibalance.gateway.http;

import io.github.geminibalance.gateway.config.GatewayConfig.AuthConfig;
import io.github.geminibalance.gateway.config.Secret;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Decides who a request comes from. A token may arrive as {@code Authorization: Bearer},
 * {@code x-goog-api-key}, {@code x-api-key} (Anthropic's clients) or {@code ?key=} (each SDK sends
 * its own), on every route. Comparison runs in constant time over every configured token, so
 * timing tells nothing about which token nearly matched. None of these reaches the upstream: each
 * upstream request is built with an allow-list of headers, the pool key among them.
 */
public final class AccessControl {

    /** Who the caller is. */
    public enum Caller {
        ANONYMOUS,
        CLIENT,
        ADMIN
    }

    private static final String BEARER = "Bearer ";
    /** The header Anthropic's SDKs send their API key in. */
    private static final String ANTHROPIC_KEY = "x-api-key";

    private final List<Secret> clientTokens;
    private final Optional<Secret> adminToken;

    public AccessControl(AuthConfig auth) {
        this.clientTokens = auth.allowedTokens();
        this.adminToken = auth.adminToken();
    }

    public Caller identify(HttpServerExchange exchange) {
        Caller best = Caller.ANONYMOUS;
        for (String presented : presentedTokens(exchange)) {
            Caller caller = identify(presented);
            if (caller.compareTo(best) > 0) {
                best = caller;
            }
        }
        return best;
    }

    /** Whether the request authenticates with Google's styles (header or query), not OpenAI's Bearer. */
    public static boolean usesGoogleStyle(HttpServerExchange exchange) {
        return exchange.getRequestHeaders().contains("x-goog-api-key")
                || exchange.getQueryParameters().containsKey("key")
                || exchange.getRequestHeaders().contains("x-goog-api-client");
    }

    private Caller identify(String presented) {
        boolean admin = adminToken.map(token -> token.matches(presented)).orElse(false);
        boolean client = false;
        for (Secret token : clientTokens) {
            client |= token.matches(presented); // no short-circuit: constant work per request
        }
        if (admin) {
            return Caller.ADMIN;
        }
        return client ? Caller.CLIENT : Caller.ANONYMOUS;
    }

    /** The token of an {@code Authorization: Bearer} header, if the request has one. */
    static Optional<String> bearerToken(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        return Optional.empty();
    }

    private static List<String> presentedTokens(HttpServerExchange exchange) {
        List<String> tokens = new ArrayList<>(4);
        bearerToken(exchange).ifPresent(tokens::add);
        String googleKey = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (googleKey != null) {
            tokens.add(googleKey.trim());
        }
        String anthropicKey = exchange.getRequestHeaders().getFirst(ANTHROPIC_KEY);
        if (anthropicKey != null) {
            tokens.add(anthropicKey.trim());
        }
        Deque<String> queryKey = exchange.getQueryParameters().get("key");
        if (queryKey != null && !queryKey.isEmpty()) {
            tokens.add(queryKey.getFirst());
        }
        return tokens;
    }
}
