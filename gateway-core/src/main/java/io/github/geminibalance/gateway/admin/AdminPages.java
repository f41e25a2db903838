package io.github.geminibalance.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.admin.StaticAssets.Asset;
import io.github.geminibalance.gateway.config.Secret;
import io.github.geminibalance.gateway.http.ApiProtocol;
import io.github.geminibalance.gateway.http.RequestBodies;
import io.github.geminibalance.gateway.http.Responses;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin pages: the login page {@code GET /}, {@code POST /auth} (the admin token, as the form
 * field {@code auth_token} or JSON {@code {"token":...}}, opens a session), {@code POST /logout},
 * the key status page {@code GET /keys} (sessions only) and the files under {@code /static/}. The
 * pages are static; the key page's script reads the admin API with the session cookie.
 */
public final class AdminPages {

    private static final Logger log = LoggerFactory.getLogger(AdminPages.class);
    private static final String STATIC = "/static/";
    private static final long MAX_LOGIN_BYTES = 8 * 1024;
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final Optional<Secret> adminToken;
    private final AdminSessions sessions;
    private final ObjectMapper json;
    private final StaticAssets pageFiles = new StaticAssets("admin-pages/");
    private final StaticAssets staticFiles = new StaticAssets("admin-pages/static/");

    public AdminPages(Optional<Secret> adminToken, AdminSessions sessions, ObjectMapper json) {
        this.adminToken = adminToken;
        this.sessions = sessions;
        this.json = json;
    }

    /** Whether {@code path} is one of the pages or lies under {@code /static/}. */
    public static boolean serves(String path) {
        return path.equals("/") || path.equals("/auth") || path.equals("/logout") || path.equals("/keys")
                || path.startsWith(STATIC);
    }

    /** Answers a request to a path that {@link #serves}. */
    public void handle(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        switch (path) {
            case "/" -> page(exchange, pageFiles, "login.html");
            case "/keys" -> {
                if (sessions.isOpen(exchange)) {
                    page(exchange, pageFiles, "keys.html");
                } else {
                    redirect(exchange, "/");
                }
            }
            case "/auth" -> {
                if (AdminApi.allowed(exchange, Methods.POST)) {
                    RequestBodies.read(exchange, MAX_LOGIN_BYTES, ApiProtocol.OPENAI, body -> login(exchange, body));
                }
            }
            case "/logout" -> {
                if (AdminApi.allowed(exchange, Methods.POST) && sameOrigin(exchange)) {
                    sessions.close(exchange);
                    redirect(exchange, "/");
                }
            }
            default -> page(exchange, staticFiles, path.substring(STATIC.length()));
        }
    }

    private void login(HttpServerExchange exchange, byte[] body) {
        String presented = presentedToken(exchange, body);
        if (adminToken.isPresent() && adminToken.get().matches(presented)) {
            sessions.open(exchange);
            log.info("admin session opened");
            redirect(exchange, "/keys");
        } else {
            log.warn("admin login refused{}", adminToken.isEmpty() ? ": AUTH_TOKEN is not set" : "");
            redirect(exchange, "/?error=1");
        }
    }

    /** The token of a login form or JSON body; never logged. */
    private String presentedToken(HttpServerExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String text = new String(body, StandardCharsets.UTF_8);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                JsonNode token = json.readTree(text).path("token");
                return token.isTextual() ? token.textValue() : null;
            } catch (IOException e) {
                return null;
            }
        }
        for (String field : text.split("&")) {
            int equals = field.indexOf('=');
            if (equals > 0 && field.substring(0, equals).equals("auth_token")) {
                try {
                    return URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A page or static file, with the pages' security headers; 404 when there is no such file. */
    private static void page(HttpServerExchange exchange, StaticAssets files, String name) {
        if (!AdminApi.allowed(exchange, Methods.GET)) {
            return;
        }
        Optional<Asset> found = files.find(name);
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(new HttpString("Referrer-Policy"), "no-referrer");
        headers.put(new HttpString("Content-Security-Policy"), CSP);
        headers.put(Headers.X_FRAME_OPTIONS, "DENY");
        if (found.isEmpty()) {
            Responses.error(exchange, ApiProtocol.OPENAI, 404, "No such file");
            return;
        }
        Asset asset = found.get();
        boolean html = name.endsWith(".html");
        headers.put(Headers.CACHE_CONTROL, html ? "no-store" : "no-cache");
        headers.put(Headers.CONTENT_TYPE, asset.contentType());
        if (!html) {
            headers.put(Headers.ETAG, asset.etag());
            if (asset.etag().equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
                exchange.setStatusCode(304);
                exchange.endExchange();
                return;
            }
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(asset.body()));
    }

    private boolean sameOrigin(HttpServerExchange exchange) {
        if (SameOrigin.admits(exchange)) {
            return true;
        }
        Responses.error(exchange, ApiProtocol.OPENAI, 403, "Cross-site request refused");
        return false;
    }

    private static void redirect(HttpServerExchange exchange, String location) {
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.endExchange();
    }
}
