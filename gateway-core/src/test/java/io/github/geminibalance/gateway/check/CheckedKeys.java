package io.github.geminibalance.gateway.check;

import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import io.github.geminibalance.gateway.keys.ApiKey;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.MediaType;

/**
 * The keys of the key-check tests, one for each state a check can find, and the answers a MockServer
 * upstream gives each of them, in Google's own error bodies.
 */
public final class CheckedKeys {

    public static final String MODEL = "gemini-2.5-flash-lite";
    public static final String MODEL_PATH = "/v1beta/models/" + MODEL;

    public static final ApiKey OK = key('A');
    public static final ApiKey INVALID = key('B');
    public static final ApiKey SUSPENDED = key('C');
    public static final ApiKey PER_MINUTE = key('D');
    public static final ApiKey PER_DAY = key('E');

    private CheckedKeys() {}

    /** A key of the shape Google issues: {@code AIza} and 35 more characters. */
    public static ApiKey key(char fill) {
        return ApiKey.of("AIzaSy" + String.valueOf(fill).repeat(30) + "_-0");
    }

    /** Scripts the model lookup a check makes: {@link #OK} finds the model, the others get their error. */
    public static void script(ClientAndServer upstream) {
        answer(upstream, OK, 200, "{\"name\":\"models/" + MODEL + "\"}");
        answer(upstream, INVALID, 400, ErrorBodies.INVALID);
        answer(upstream, SUSPENDED, 403, ErrorBodies.suspended(SUSPENDED));
        answer(upstream, PER_MINUTE, 429, ErrorBodies.PER_MINUTE);
        answer(upstream, PER_DAY, 429, ErrorBodies.PER_DAY);
    }

    /** The upstream answers {@code key}'s model lookup with this status and JSON body. */
    public static void answer(ClientAndServer upstream, ApiKey key, int status, String body) {
        upstream.when(request().withMethod("GET").withPath(MODEL_PATH).withHeader("x-goog-api-key", key.value()))
                .respond(response().withStatusCode(status).withBody(body, MediaType.APPLICATION_JSON));
    }
}
