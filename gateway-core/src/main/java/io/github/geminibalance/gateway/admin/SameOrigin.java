package io.github.geminibalance.gateway.admin;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.URI;
import java.util.Locale;

/**
 * Guards the requests that a session cookie authenticates against other sites: besides the
 * cookie's SameSite=Strict, a state-changing request must come from a page of this gateway, as its
 * {@code Origin} (or, without one, {@code Sec-Fetch-Site}) tells.
 */
public final class SameOrigin {

    private SameOrigin() {}

    /** Whether the request reads only (GET or HEAD), or comes from this gateway's own pages. */
    public static boolean admits(HttpServerExchange exchange) {
        if (Methods.GET.equals(exchange.getRequestMethod()) || Methods.HEAD.equals(exchange.getRequestMethod())) {
            return true;
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return "same-origin".equals(exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"));
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return host != null && host.equalsIgnoreCase(authorityOf(origin));
    }

    /** Whether the client reached the gateway over https, directly or through a TLS-terminating proxy. */
    static boolean overHttps(HttpServerExchange exchange) {
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        if (forwarded != null) {
            return forwarded.split(",", 2)[0].trim().toLowerCase(Locale.ROOT).equals("https");
        }
        return "https".equalsIgnoreCase(exchange.getRequestScheme());
    }

    /** The {@code host[:port]} of an origin, or an empty string for {@code null} or a malformed one. */
    private static String authorityOf(String origin) {
        try {
            String authority = URI.create(origin.trim()).getRawAuthority();
            return authority == null ? "" : authority;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
