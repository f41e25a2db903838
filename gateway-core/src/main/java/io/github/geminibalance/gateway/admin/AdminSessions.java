package io.github.geminibalance.gateway.admin;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin pages' sessions: a random 256-bit id in an HttpOnly, SameSite=Strict cookie, mapped in
 * memory to its expiry. The cookie never carries the admin token, and a restart ends every session.
 */
public final class AdminSessions {

    /** The cookie's name. */
    public static final String COOKIE = "gb_session";
    /** How long a session lasts after the login, as the original's {@code ADMIN_SESSION_EXPIRE} default. */
    static final Duration LIFETIME = Duration.ofHours(1);
    /** Sessions held at most; past this, the one that ends first is dropped. */
    private static final int MAX_SESSIONS = 1000;
    private static final int ID_BYTES = 32;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public AdminSessions(Clock clock) {
        this.clock = clock;
    }

    /** Opens a session and sets its cookie on the response. */
    void open(HttpServerExchange exchange) {
        Instant now = clock.instant();
        expiries.values().removeIf(until -> !until.isAfter(now));
        while (expiries.size() >= MAX_SESSIONS) {
            expiries.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(first -> expiries.remove(first.getKey()));
        }
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(id, now.plus(LIFETIME));
        setCookie(exchange, id, LIFETIME.toSeconds());
    }

    /** Ends the request's session, if any, and clears its cookie. */
    void close(HttpServerExchange exchange) {
        String id = idOf(exchange);
        if (id != null) {
            expiries.remove(id);
        }
        setCookie(exchange, "", 0);
    }

    /** Whether the request carries the cookie of a session that has not ended. */
    public boolean isOpen(HttpServerExchange exchange) {
        String id = idOf(exchange);
        if (id == null) {
            return false;
        }
        Instant until = expiries.get(id);
        if (until == null) {
            return false;
        }
        if (until.isAfter(clock.instant())) {
            return true;
        }
        expiries.remove(id);
        return false;
    }

    private static String idOf(HttpServerExchange exchange) {
        Cookie cookie = exchange.getRequestCookie(COOKIE);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private static void setCookie(HttpServerExchange exchange, String value, long maxAgeSeconds) {
        String cookie = COOKIE + "=" + value + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + maxAgeSeconds;
        if (SameOrigin.overHttps(exchange)) {
            cookie += "; Secure";
        }
        exchange.getResponseHeaders().add(Headers.SET_COOKIE, cookie);
    }
}
