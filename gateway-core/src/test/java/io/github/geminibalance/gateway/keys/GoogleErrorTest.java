package io.github.geminibalance.gateway.keys;

import static io.github.geminibalance.gateway.keys.ErrorClassifierTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoogleErrorTest {

    @Test
    void readsCodeStatusMessageAndErrorInfoReasons() throws IOException {
        GoogleError error = GoogleError.parse(fixture("400-api-key-invalid.json"));

        assertEquals(400, error.code());
        assertEquals("INVALID_ARGUMENT", error.status());
        assertEquals("API key not valid. Please pass a valid API key.", error.message());
        assertEquals(List.of("API_KEY_INVALID"), error.reasons());
        assertTrue(error.hasReason("API_KEY_INVALID"));
        assertNull(error.retryDelay());
        assertEquals(List.of(), error.quotaIds());
    }

    @Test
    void acceptsTheErrorWrappedInAnArray() throws IOException {
        assertEquals(
                GoogleError.parse(fixture("400-api-key-invalid.json")),
                GoogleError.parse(fixture("400-api-key-invalid-in-array.json")));
    }

    @Test
    void readsRetryInfoAndEveryQuotaId() throws IOException {
        GoogleError error = GoogleError.parse(fixture("429-per-day.json"));

        assertEquals(Duration.ofSeconds(47), error.retryDelay());
        assertEquals(
                List.of(
                        "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                        "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                error.quotaIds());
        assertEquals(List.of(), error.reasons());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "502", "[]", "{}", "{\"error\":\"boom\"}", "{\"error\":", "Bad Gateway"})
    void unreadableBodiesAreEmpty(String body) {
        assertEquals(GoogleError.EMPTY, GoogleError.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void htmlAndNullBodiesAreEmpty() throws IOException {
        assertEquals(GoogleError.EMPTY, GoogleError.parse(fixture("502-google-front-end.html")));
        assertEquals(GoogleError.EMPTY, GoogleError.parse(null));
    }

    @ParameterizedTest
    @CsvSource({"26s, PT26S", "0.5s, PT0.5S", "1.234567s, PT1.234567S", "3.000000001s, PT3.000000001S", "0s, PT0S"})
    void parsesProtobufDurations(String text, Duration expected) {
        assertEquals(expected, GoogleError.parseProtoDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "26", "-1s", "1.s", "1.2345678901s", "abc", "26 s"})
    void rejectsWhatIsNotAProtobufDuration(String text) {
        assertNull(GoogleError.parseProtoDuration(text));
    }
}
