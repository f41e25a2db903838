package io.github.geminibalance.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.openai.ChatRequestTranslator;
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
 * What the OpenAI adapter costs per chat request: parsing a typical body, translating it into a
 * Gemini {@code generateContent} request and writing that out. The baseline parses and writes the
 * same bytes unchanged, which any JSON-aware proxy must do anyway; the ratio of the two is the
 * price of the translation itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ChatRequestTranslationBenchmark {

    private ObjectMapper json;
    private ChatRequestTranslator translator;

    @Setup
    public void setUp() {
        json = Json.newMapper();
        translator = new ChatRequestTranslator(Fixtures.config());
    }

    @Benchmark
    public byte[] parseTranslateSerialize() {
        return Json.bytes(json, translator.translate(Json.read(json, Payloads.CHAT_REQUEST)).geminiRequest());
    }

    @Benchmark
    public byte[] jacksonRoundTrip() {
        return Json.bytes(json, Json.read(json, Payloads.CHAT_REQUEST));
    }
}
