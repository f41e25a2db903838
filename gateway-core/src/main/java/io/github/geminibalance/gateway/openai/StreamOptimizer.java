package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.config.GatewayConfig.StreamOptimizerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The original gateway's stream optimizer (upstream.md §4.7): re-chunks one streamed text into
 * small pieces with a pause after each, so a long upstream chunk reads like typing. Pure
 * computation; whoever sends the pieces schedules the pauses (without blocking a thread).
 *
 * <p>With L the length of the text in code points (so a character outside the BMP is never cut
 * in half), S = {@code STREAM_SHORT_TEXT_THRESHOLD} and G = {@code STREAM_LONG_TEXT_THRESHOLD}:
 * <ul>
 *   <li>L ≤ S: one piece per character, each followed by {@code STREAM_MAX_DELAY};
 *   <li>L ≥ G: pieces of {@code STREAM_CHUNK_SIZE} characters, each followed by
 *       {@code STREAM_MIN_DELAY};
 *   <li>otherwise one piece per character, each followed by the logarithmic interpolation
 *       {@code MAX − ln(L/S) / ln(G/S) · (MAX − MIN)} (defaults, L = 20: ≈ 20.6 ms).
 * </ul>
 * A short threshold of 0 is read as 1, where the logarithm is defined.
 */
public final class StreamOptimizer {

    /** A piece of the text and the pause after sending it. */
    public record Piece(String text, Duration delayAfter) {}

    private final StreamOptimizerConfig config;

    public StreamOptimizer(StreamOptimizerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The pieces of {@code text}, in order; none for an empty text. */
    public List<Piece> split(String text) {
        int length = text.codePointCount(0, text.length());
        if (length == 0) {
            return List.of();
        }
        Duration delay = delay(length);
        int size = length >= config.longTextThreshold() ? config.chunkSize() : 1;
        List<Piece> pieces = new ArrayList<>((length + size - 1) / size);
        int start = 0;
        while (start < text.length()) {
            int end = text.offsetByCodePoints(start, Math.min(size, text.codePointCount(start, text.length())));
            pieces.add(new Piece(text.substring(start, end), delay));
            start = end;
        }
        return pieces;
    }

    /** The pause after each piece of a text of {@code length} characters. */
    Duration delay(int length) {
        int shortThreshold = Math.max(1, config.shortTextThreshold());
        int longThreshold = config.longTextThreshold();
        if (length <= shortThreshold) {
            return config.maxDelay();
        }
        if (length >= longThreshold) {
            return config.minDelay();
        }
        double ratio = Math.log((double) length / shortThreshold) / Math.log((double) longThreshold / shortThreshold);
        long max = config.maxDelay().toNanos();
        long min = config.minDelay().toNanos();
        return Duration.ofNanos(Math.round(max - ratio * (max - min)));
    }
}
