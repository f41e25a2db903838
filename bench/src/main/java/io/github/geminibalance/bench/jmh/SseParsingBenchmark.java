package io.github.geminibalance.bench.jmh;

import io.github.geminibalance.gateway.sse.SseEvent;
import io.github.geminibalance.gateway.sse.SseParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading an upstream event stream costs: {@link SseParser} splitting a Gemini
 * {@code streamGenerateContent} body of {@value Payloads#STREAM_CHUNKS} events into events, fed
 * in {@value #SLICE_BYTES}-byte slices as the HTTP client hands them over. The baseline only finds
 * the {@code \r\n\r\n} event boundaries in the same slices, the least any relay must do; the
 * difference is the parser's line handling and decoding.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SseParsingBenchmark {

    /** A typical read size of the HTTP client's network buffers. */
    static final int SLICE_BYTES = 4096;

    /** The gateway's own limit for one upstream event (KeyRotatingProxy). */
    private static final int MAX_EVENT_BYTES = 64 << 20;

    private static final byte[] DELIMITER = {'\r', '\n', '\r', '\n'};

    private byte[] stream;

    @Setup
    public void setUp() {
        stream = Payloads.sseStream();
    }

    @Benchmark
    public List<SseEvent> parse() {
        List<SseEvent> events = new ArrayList<>(Payloads.STREAM_CHUNKS);
        SseParser parser = new SseParser(events::add, MAX_EVENT_BYTES);
        for (int start = 0; start < stream.length; start += SLICE_BYTES) {
            parser.feed(slice(start));
        }
        parser.finish();
        return events;
    }

    /** Counts the event boundaries, remembering a partial match across slices as the parser must. */
    @Benchmark
    public int scanDelimiters() {
        int events = 0;
        int matched = 0;
        for (int start = 0; start < stream.length; start += SLICE_BYTES) {
            ByteBuffer slice = slice(start);
            while (slice.hasRemaining()) {
                byte b = slice.get();
                // On a mismatch a '\r' may still begin the next delimiter.
                matched = b == DELIMITER[matched] ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == DELIMITER.length) {
                    events++;
                    matched = 0;
                }
            }
        }
        return events;
    }

    private ByteBuffer slice(int start) {
        return ByteBuffer.wrap(stream, start, Math.min(SLICE_BYTES, stream.length - start));
    }
}
