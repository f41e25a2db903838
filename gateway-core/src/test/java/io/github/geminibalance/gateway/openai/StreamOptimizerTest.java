package io.github.geminibalance.gateway.openai;

import static io.github.geminibalance.gateway.openai.GoldenFiles.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.geminibalance.gateway.config.GatewayConfig.StreamOptimizerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** upstream.md §4.7, with the defaults: 16 ms / 24 ms, thresholds 10 and 50, chunks of 5. */
class StreamOptimizerTest {

    private static final StreamOptimizerConfig DEFAULTS = config(Map.of()).streamOptimizer();
    private final StreamOptimizer optimizer = new StreamOptimizer(DEFAULTS);

    @Test
    void defaultsAreTheOriginals() {
        assertEquals(Duration.ofMillis(16), DEFAULTS.minDelay());
        assertEquals(Duration.ofMillis(24), DEFAULTS.maxDelay());
        assertEquals(10, DEFAULTS.shortTextThreshold());
        assertEquals(50, DEFAULTS.longTextThreshold());
        assertEquals(5, DEFAULTS.chunkSize());
    }

    @Test
    void shortTextGoesCharacterByCharacterWithTheLongestDelay() {
        List<StreamOptimizer.Piece> pieces = optimizer.split("Hello");
        assertEquals(List.of("H", "e", "l", "l", "o"), texts(pieces));
        pieces.forEach(piece -> assertEquals(Duration.ofMillis(24), piece.delayAfter()));
        assertEquals(10, optimizer.split("0123456789").size());
        assertEquals(Duration.ofMillis(24), optimizer.split("0123456789").get(0).delayAfter());
    }

    @Test
    void longTextGoesInChunksWithTheShortestDelay() {
        String text = "x".repeat(52);
        List<StreamOptimizer.Piece> pieces = optimizer.split(text);
        assertEquals(11, pieces.size());
        assertEquals("xxxxx", pieces.get(0).text());
        assertEquals("xx", pieces.get(10).text());
        assertEquals(text, String.join("", texts(pieces)));
        pieces.forEach(piece -> assertEquals(Duration.ofMillis(16), piece.delayAfter()));
        assertEquals(10, optimizer.split("y".repeat(50)).size());
    }

    @Test
    void textInBetweenGoesCharacterByCharacterWithAnInterpolatedDelay() {
        List<StreamOptimizer.Piece> pieces = optimizer.split("abcdefghijklmnopqrst");
        assertEquals(20, pieces.size());
        assertEquals("a", pieces.get(0).text());
        // 24 − ln(20/10) / ln(50/10) · (24 − 16) = 20.554… ms
        long micros = pieces.get(0).delayAfter().toNanos() / 1_000;
        assertTrue(Math.abs(micros - 20_554) <= 1, "delay " + micros + " µs");
        pieces.forEach(piece -> assertEquals(pieces.get(0).delayAfter(), piece.delayAfter()));
        assertEquals(Duration.ofMillis(24), optimizer.delay(10));
        assertTrue(optimizer.delay(11).compareTo(Duration.ofMillis(24)) < 0);
        assertTrue(optimizer.delay(49).compareTo(Duration.ofMillis(16)) > 0);
    }

    @Test
    void charactersOutsideTheBmpAreNeverCut() {
        List<StreamOptimizer.Piece> pieces = optimizer.split("a😀b");
        assertEquals(List.of("a", "😀", "b"), texts(pieces));
        String emoji = "😀".repeat(60);
        List<StreamOptimizer.Piece> chunks = optimizer.split(emoji);
        assertEquals(12, chunks.size());
        assertEquals("😀".repeat(5), chunks.get(0).text());
    }

    @Test
    void emptyTextHasNoPieces() {
        assertEquals(List.of(), optimizer.split(""));
    }

    @Test
    void settingsAreHonoured() {
        StreamOptimizer custom = new StreamOptimizer(config(Map.of(
                "STREAM_MIN_DELAY", "0.001", "STREAM_MAX_DELAY", "0.1",
                "STREAM_SHORT_TEXT_THRESHOLD", "2", "STREAM_LONG_TEXT_THRESHOLD", "4", "STREAM_CHUNK_SIZE", "3"))
                .streamOptimizer());
        assertEquals(List.of("abc", "d"), texts(custom.split("abcd")));
        assertEquals(Duration.ofMillis(1), custom.split("abcd").get(0).delayAfter());
        assertEquals(Duration.ofMillis(100), custom.split("ab").get(0).delayAfter());
        // ln(3/2) / ln(4/2) = 0.585 → 100 − 0.585 · 99 = 42.09 ms
        assertEquals(42_090, custom.split("abc").get(0).delayAfter().toNanos() / 1_000, 10);
    }

    private static List<String> texts(List<StreamOptimizer.Piece> pieces) {
        return pieces.stream().map(StreamOptimizer.Piece::text).collect(Collectors.toList());
    }
}
