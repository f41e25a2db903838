package io.github.geminibalance.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.openai.ChatResponseTranslator;
import io.github.geminibalance.gateway.openai.ChatTranslation;
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
 * What the OpenAI adapter costs per non-streamed answer: parsing a typical Gemini answer of about
 * 600 bytes, turning it into a {@code chat.completion} and writing that out, against the baseline
 * of parsing and writing the answer unchanged.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ChatResponseTranslationBenchmark {

    private ObjectMapper json;
    private ChatResponseTranslator translator;
    private ChatTranslation request;

    @Setup
    public void setUp() {
        json = Json.newMapper();
        GatewayConfig config = Fixtures.config();
        translator = new ChatResponseTranslator(config, json);
        request = Fixtures.chat(config, json, false);
    }

    @Benchmark
    public byte[] parseTranslateSerialize() {
        return Json.bytes(json, translator.translate(Json.read(json, Payloads.GEMINI_ANSWER), request,
                Fixtures.COMPLETION_ID, Fixtures.CREATED));
    }

    @Benchmark
    public byte[] jacksonRoundTrip() {
        return Json.bytes(json, Json.read(json, Payloads.GEMINI_ANSWER));
    }
}
