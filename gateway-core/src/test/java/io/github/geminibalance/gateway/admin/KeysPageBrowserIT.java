package io.github.geminibalance.gateway.admin;

import static io.github.geminibalance.gateway.TestGateways.ADMIN_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.GENERATE;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.MODEL_ANSWER;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.OK_ANSWER;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.PROBE;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.PROMPT;
import static io.github.geminibalance.gateway.admin.AdminTestUpstream.TEST_MODEL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mockserver.model.HttpRequest.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import io.github.geminibalance.gateway.check.ErrorBodies;
import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.keys.KeyPoolSnapshot.Health;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockserver.model.ClearType;
import org.mockserver.model.Header;

/**
 * The key page in a real browser: headless Chromium, driven over the DevTools protocol, signs in
 * with the admin token, sees the key groups, verifies a key against MockServer and keeps a
 * screenshot in {@code target/browser-artifacts/}. Skipped when no Chromium is installed.
 */
class KeysPageBrowserIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    /** Known to work on these machines; without the networking flags Chromium tries Google's hosts. */
    private static final List<String> FLAGS = List.of("--headless=new", "--remote-debugging-port=0", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-proxy-server", "--window-size=1280,1000");
    private static final Path ARTIFACTS = Path.of("target", "browser-artifacts");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Process chromium;
    private Path profile;
    private DevToolsClient page;
    private final Deque<String> chromiumLog = new ArrayDeque<>();

    @Override
    protected Map<String, String> settings() {
        return Map.of("TEST_MODEL", TEST_MODEL);
    }

    @AfterEach
    void stopChromium() throws Exception {
        if (page != null) {
            page.close();
        }
        if (chromium != null) {
            List<ProcessHandle> all = new ArrayList<>(chromium.descendants().toList());
            all.add(chromium.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : all) {
                try {
                    process.onExit().get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // Left to the OS; the profile removal below is best-effort then.
                }
            }
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void signsInSeesTheGroupsVerifiesAKeyAndKeepsAScreenshot() throws Exception {
        String binary = chromiumBinary();
        Assumptions.assumeTrue(binary != null, "No Chromium found at /usr/bin/chromium or on PATH; install Debian's "
                + "package (apt-get install chromium), as .ci/run does, to run the browser test");
        makeKeyADead();
        upstream.when(request().withMethod("GET").withPath(PROBE).withHeader(Header.header("x-goog-api-key", KEY_B)))
                .respond(json(200, MODEL_ANSWER));
        page = DevToolsClient.connect(http, pageWebSocketUrl(startChromium(binary)));
        try {
            signIn();
            JsonNode keysPage = waitFor("the key page with its groups rendered", KEYS_PAGE_STATE);
            assertEquals("Valid (2)", keysPage.at("/groups/valid/heading").asText(), keysPage.toString());
            assertEquals("Cooling (0)", keysPage.at("/groups/cooling/heading").asText(), keysPage.toString());
            assertEquals("Invalid (1)", keysPage.at("/groups/invalid/heading").asText(), keysPage.toString());
            assertEquals(List.of(fingerprint(KEY_B) + " active", fingerprint(KEY_C) + " active"),
                    texts(keysPage.at("/groups/valid/keys")));
            assertEquals(List.of(fingerprint(KEY_A) + " dead"), texts(keysPage.at("/groups/invalid/keys")));
            assertTrue(keysPage.get("summary").asText().startsWith("3 keys · as of "), keysPage.toString());
            assertFalse(keysPage.get("html").asText().contains(KEY_B), "no whole key on the page");

            String shownKeys = "[...document.querySelectorAll('li.key .fingerprint')].map(field => field.textContent)";
            click(row(KEY_C) + ".querySelector('button.show')");
            assertEquals(KEY_C, waitFor("the whole key of " + fingerprint(KEY_C),
                    "(() => " + shownKeys + ".find(text => !text.includes('...')) || null)()").asText());
            click("[...document.querySelectorAll('li.key')].find(row => row.textContent.includes('" + KEY_C
                    + "')).querySelector('button.show')");
            assertEquals(fingerprint(KEY_C), waitFor("the key hidden again",
                    "(() => { const row = " + row(KEY_C) + "; return row ? row.querySelector('.fingerprint').textContent"
                    + " : null; })()").asText());

            click(row(KEY_B) + ".querySelector('button.verify')");
            JsonNode verified = waitFor("the verify result of " + fingerprint(KEY_B), "(() => {"
                    + " const row = " + row(KEY_B) + "; if (!row) return null;"
                    + " const result = row.querySelector('.result').textContent; if (!result) return null;"
                    + " return {result: result, button: row.querySelector('button.verify').className,"
                    + " status: document.getElementById('status').textContent,"
                    + " statusClass: document.getElementById('status').className}; })()");
            screenshot("keys-page.png");

            assertEquals("verified: ok (model readable)", verified.get("result").asText(), verified.toString());
            assertTrue(verified.get("button").asText().contains("good"), verified.toString());
            assertEquals("Verified " + fingerprint(KEY_B), verified.get("status").asText());
            assertEquals("status", verified.get("statusClass").asText());
            org.mockserver.model.HttpRequest probe = onlyUpstreamRequest();
            assertEquals("GET", probe.getMethod().getValue());
            assertEquals(PROBE, probe.getPath().getValue());
            assertEquals(KEY_B, probe.getFirstHeader("x-goog-api-key"));
            assertPoolKeyOnly(probe);
        } catch (Throwable failure) {
            try {
                screenshot("keys-page-failure.png");
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        Path png = ARTIFACTS.resolve("keys-page.png");
        assertTrue(Files.size(png) > 1024, "a screenshot of " + Files.size(png) + " bytes");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(png), PNG_SIGNATURE.length));
    }

    /** The key page once rendered: the group headings, each group's rows, the summary; null before. */
    private static final String KEYS_PAGE_STATE = "(() => {"
            + " if (location.pathname !== '/keys' || document.readyState !== 'complete') return null;"
            + " const summary = document.getElementById('summary').textContent; if (!summary) return null;"
            + " const groups = {};"
            + " document.querySelectorAll('details.group').forEach(group => { groups[group.dataset.group] = {"
            + "   heading: group.querySelector('summary').textContent.trim(),"
            + "   keys: Array.from(group.querySelectorAll('li.key')).map(row =>"
            + "     row.querySelector('.fingerprint').textContent + ' ' + row.querySelector('.health').textContent)}; });"
            + " return {summary: summary, groups: groups, html: document.documentElement.outerHTML}; })()";

    /** Google rejects key A (400 API_KEY_INVALID); B answers, so one real request kills A. */
    private void makeKeyADead() throws Exception {
        upstream.when(request().withPath(GENERATE).withHeader(Header.header("x-goog-api-key", KEY_A)))
                .respond(json(400, ErrorBodies.INVALID));
        answer(GENERATE, 200, OK_ANSWER);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri(GENERATE))
                .header("x-goog-api-key", CLIENT_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PROMPT)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(List.of(Health.DEAD, Health.ACTIVE, Health.ACTIVE),
                gateway.keyPool().snapshot().keys().stream().map(status -> status.health()).toList());
        upstream.clear(request().withPath(GENERATE), ClearType.LOG);
    }

    /** Opens the login page, types the admin token into the real form and presses Sign in. */
    private void signIn() throws Exception {
        page.call("Page.enable", null);
        page.call("Page.navigate", DevToolsClient.params().put("url", uri("/").toString()));
        waitFor("the login page", "location.pathname === '/' && document.readyState === 'complete'"
                + " && document.getElementById('auth_token') !== null");
        evaluate("document.getElementById('auth_token').focus()");
        page.call("Input.insertText", DevToolsClient.params().put("text", ADMIN_TOKEN));
        click("document.querySelector('form.card button[type=submit]')");
    }

    /** A JavaScript expression for the key page's row of {@code key}, by its fingerprint. */
    private static String row(String key) {
        return "Array.from(document.querySelectorAll('li.key')).find(row =>"
                + " row.querySelector('.fingerprint').textContent === '" + fingerprint(key) + "')";
    }

    /** A real mouse click (move, press, release) at the middle of the element {@code element} names. */
    private void click(String element) throws Exception {
        JsonNode at = waitFor("something to click: " + element, "(() => { const element = " + element + ";"
                + " if (!element || element.disabled) return null; element.scrollIntoView({block: 'center'});"
                + " const box = element.getBoundingClientRect();"
                + " return {x: box.left + box.width / 2, y: box.top + box.height / 2}; })()");
        for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
            page.call("Input.dispatchMouseEvent", DevToolsClient.params().put("type", type)
                    .put("x", at.get("x").asDouble()).put("y", at.get("y").asDouble())
                    .put("button", type.equals("mouseMoved") ? "none" : "left")
                    .put("clickCount", type.equals("mouseMoved") ? 0 : 1));
        }
    }

    /** Polls {@code expression} until it yields something other than null, false or nothing; bounded. */
    private JsonNode waitFor(String what, String expression) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode value = evaluate(expression);
                if (!value.isMissingNode() && !value.isNull() && !(value.isBoolean() && !value.asBoolean())) {
                    return value;
                }
                last = String.valueOf(value);
            } catch (DevToolsClient.DevToolsError | EvaluationError e) {
                last = e.getMessage(); // a navigation in flight: the page's context is gone for a moment
            }
            Thread.sleep(100);
        }
        return fail("Waited " + WAIT.toSeconds() + " s for " + what + "; last: " + last + "; page at "
                + location());
    }

    private String location() {
        try {
            return evaluate("location.href").asText();
        } catch (Exception e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    /** The value of a JavaScript expression in the page, by value. */
    private JsonNode evaluate(String expression) throws Exception {
        JsonNode result = page.call("Runtime.evaluate", DevToolsClient.params().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new EvaluationError(result.get("exceptionDetails").toString());
        }
        return result.path("result").path("value");
    }

    private void screenshot(String name) throws Exception {
        JsonNode shot = page.call("Page.captureScreenshot", DevToolsClient.params().put("format", "png"));
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve(name), Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Starts Chromium on a fresh profile and returns its DevTools port, read off its stderr. */
    private int startChromium(String binary) throws Exception {
        profile = Files.createTempDirectory("gb-chromium-");
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        chromium = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (chromiumLog) {
                        chromiumLog.addLast(line);
                        if (chromiumLog.size() > 40) {
                            chromiumLog.removeFirst();
                        }
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
            listening.completeExceptionally(new IOException("Chromium's stderr ended"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(WAIT.toSeconds(), TimeUnit.SECONDS).getPort();
        } catch (Exception e) {
            synchronized (chromiumLog) {
                throw new AssertionError("Chromium did not report its DevTools port within " + WAIT.toSeconds()
                        + " s (" + e + "); its stderr:\n" + String.join("\n", chromiumLog), e);
            }
        }
    }

    /** The DevTools WebSocket of Chromium's first page, from {@code /json/list} on loopback. */
    private URI pageWebSocketUrl(int port) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = list.body();
            if (list.statusCode() == 200) {
                for (JsonNode target : JSON.readTree(list.body())) {
                    if (target.path("type").asText().equals("page") && target.has("webSocketDebuggerUrl")) {
                        return URI.create(target.get("webSocketDebuggerUrl").asText());
                    }
                }
            }
            Thread.sleep(100);
        }
        return fail("No page target in /json/list within " + WAIT.toSeconds() + " s: " + last);
    }

    /** {@code /usr/bin/chromium}, else {@code chromium} on PATH, else null. */
    private static String chromiumBinary() {
        Path debian = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(debian)) {
            return debian.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "chromium"))) {
                return Path.of(dir, "chromium").toString();
            }
        }
        return null;
    }

    private static String fingerprint(String key) {
        return ApiKey.of(key).fingerprint();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** A JavaScript exception thrown by an evaluated expression. */
    private static final class EvaluationError extends Exception {
        EvaluationError(String message) {
            super(message);
        }
    }
}
