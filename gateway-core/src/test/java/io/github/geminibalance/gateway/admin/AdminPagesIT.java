package io.github.geminibalance.gateway.admin;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin pages: login sessions, the key page, the static files and the cookie's limits. */
class AdminPagesIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION = Pattern.compile("gb_session=([A-Za-z0-9_-]{43});.*");

    @Test
    void theRightTokenOpensASessionInAStrictHttpOnlyCookie() throws Exception {
        HttpResponse<String> login = login(ADMIN_TOKEN);

        assertEquals(303, login.statusCode());
        assertEquals("/keys", login.headers().firstValue("Location").orElseThrow());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(SESSION.matcher(cookie).matches(), cookie);
        List<String> attributes = List.of(cookie.split("; "));
        assertTrue(attributes.containsAll(List.of("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600")), cookie);
        assertFalse(attributes.contains("Secure"), "no Secure over plain http");
        assertFalse(cookie.contains(ADMIN_TOKEN));
        assertNotEquals(session(login), session(login(ADMIN_TOKEN)), "each login its own session");
    }

    @Test
    void theCookieIsSecureBehindAnHttpsProxy() throws Exception {
        HttpResponse<String> login = post("/auth", "application/x-www-form-urlencoded",
                "auth_token=" + ADMIN_TOKEN, "X-Forwarded-Proto", "https");

        assertTrue(List.of(login.headers().firstValue("Set-Cookie").orElseThrow().split("; ")).contains("Secure"));
    }

    @Test
    void aJsonLoginWorksToo() throws Exception {
        HttpResponse<String> login = post("/auth", "application/json",
                JSON.createObjectNode().put("token", ADMIN_TOKEN).toString());

        assertEquals(303, login.statusCode());
        assertEquals(200, get("/api/keys", session(login)).statusCode());
    }

    @Test
    void aWrongTokenGetsNoCookie() throws Exception {
        for (String token : List.of("wrong-token", "", CLIENT_TOKEN)) {
            HttpResponse<String> login = login(token);
            assertEquals(303, login.statusCode());
            assertEquals("/?error=1", login.headers().firstValue("Location").orElseThrow());
            assertTrue(login.headers().firstValue("Set-Cookie").isEmpty());
        }
    }

    @Test
    void theKeyPageNeedsASession() throws Exception {
        HttpResponse<String> anonymous = get("/keys", null);
        assertEquals(303, anonymous.statusCode());
        assertEquals("/", anonymous.headers().firstValue("Location").orElseThrow());
        assertEquals(303, get("/keys", "not-a-session-id-at-all-aaaaaaaaaaaaaaaaaaa").statusCode());

        HttpResponse<String> page = get("/keys", session(login(ADMIN_TOKEN)));

        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertPageHeaders(page);
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(page.body().contains("/static/keys.js"));
    }

    @Test
    void theLoginPageIsPublic() throws Exception {
        HttpResponse<String> page = get("/", null);

        assertEquals(200, page.statusCode());
        assertPageHeaders(page);
        assertTrue(page.body().contains("name=\"auth_token\""));
    }

    @Test
    void theCookieOpensTheAdminApi() throws Exception {
        String session = session(login(ADMIN_TOKEN));

        HttpResponse<String> states = get("/api/keys", session);
        assertEquals(200, states.statusCode());
        assertEquals(3, JSON.readTree(states.body()).get("total").asInt());
        assertFalse(states.body().contains(KEY_A));
        assertEquals(200, get("/v1/keys/list", session).statusCode());
        assertEquals(401, get("/api/keys", "forged" + session.substring(6)).statusCode());
    }

    @Test
    void aCookieCanChangeStateOnlyFromTheGatewaysOwnPages() throws Exception {
        String session = session(login(ADMIN_TOKEN));
        String self = "http://127.0.0.1:" + gateway.port();
        String body = "{\"all\":true}";

        assertEquals(403, reset(session, "Origin", "https://evil.example").statusCode());
        assertEquals(403, reset(session, "Origin", "null").statusCode());
        assertEquals(403, reset(session, "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(403, reset(session, "x-unused", "none").statusCode(), "neither Origin nor Sec-Fetch-Site");
        HttpResponse<String> sameOrigin = reset(session, "Origin", self);
        assertEquals(200, sameOrigin.statusCode(), sameOrigin.body());
        assertEquals(200, reset(session, "Sec-Fetch-Site", "same-origin").statusCode());
        HttpResponse<String> byToken = post("/api/keys/reset", "application/json", body,
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertEquals(200, byToken.statusCode(), "the token needs no Origin");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        String session = session(login(ADMIN_TOKEN));

        HttpResponse<String> logout = post("/logout", "application/x-www-form-urlencoded", "",
                "Cookie", "gb_session=" + session, "Origin", "http://127.0.0.1:" + gateway.port());

        assertEquals(303, logout.statusCode());
        assertEquals("/", logout.headers().firstValue("Location").orElseThrow());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, get("/api/keys", session).statusCode());
        assertEquals(303, get("/keys", session).statusCode());
    }

    @Test
    void staticFilesHaveTheirTypesAndETags() throws Exception {
        Map<String, String> types = Map.of(
                "/static/app.css", "text/css",
                "/static/keys.js", "text/javascript",
                "/static/login.js", "text/javascript",
                "/static/theme.js", "text/javascript",
                "/static/icon.svg", "image/svg+xml",
                "/static/manifest.webmanifest", "application/manifest+json");
        for (Map.Entry<String, String> file : types.entrySet()) {
            HttpResponse<String> answer = get(file.getKey(), null);
            assertEquals(200, answer.statusCode(), file.getKey());
            assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith(file.getValue()));
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElseThrow());
            String etag = answer.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(uri(file.getKey()))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(304, again.statusCode(), file.getKey());
        }
        assertEquals("/keys", JSON.readTree(get("/static/manifest.webmanifest", null).body()).get("start_url").asText());
        assertEquals(404, get("/static/missing.js", null).statusCode());
        assertEquals(404, get("/static/", null).statusCode());
    }

    @Test
    void noPathClimbsOutOfTheStaticFolder() throws Exception {
        for (String path : List.of("/static/../admin-pages/keys.html", "/static/%2e%2e/logback-test.xml",
                "/static/..%2fadmin-pages%2fapp.css", "/static/./app.css", "/static//app.css",
                "/static/admin-pages/app.css", "/static/APP.CSS", "/static/keys.html")) {
            String answer = raw(path);
            assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            assertFalse(answer.contains("<html") || answer.contains("--bg"), path);
        }
    }

    @Test
    void scriptsNeverAssignMarkup() throws Exception {
        for (String file : List.of("/static/keys.js", "/static/login.js", "/static/theme.js", "/keys", "/")) {
            String body = get(file, file.equals("/keys") ? session(login(ADMIN_TOKEN)) : null).body();
            for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
                assertFalse(body.contains(sink), file + " uses " + sink);
            }
        }
        assertTrue(get("/static/keys.js", null).body().contains("textContent"));
    }

    private static void assertPageHeaders(HttpResponse<String> page) {
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
    }

    private HttpResponse<String> reset(String session, String header, String value) throws Exception {
        return post("/api/keys/reset", "application/json", "{\"all\":true}",
                "Cookie", "gb_session=" + session, header, value);
    }

    private HttpResponse<String> login(String token) throws Exception {
        return post("/auth", "application/x-www-form-urlencoded",
                "auth_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static String session(HttpResponse<String> login) {
        var matcher = SESSION.matcher(login.headers().firstValue("Set-Cookie").orElseThrow());
        assertTrue(matcher.matches());
        return matcher.group(1);
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (session != null) {
            request.header("Cookie", "gb_session=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String type, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET sent as written, so that no client tidies the path first. */
    private String raw(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
