package io.github.geminibalance.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.openai.ChatStreamTranslator;
import io.github.geminibalance.gateway.openai.ChatTranslation;
import java.nio.charset.StandardCharsets;
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
 * What the OpenAI adapter costs per streamed answer: one {@link ChatStreamTranslator} turning
 * {@value Payloads#STREAM_CHUNKS} parsed Gemini chunks into {@code chat.completion.chunk} payloads,
 * then ending the stream (finish chunk, usage chunk, {@code [DONE]}). The score is per stream:
 * the translator keeps state for one stream, so a stream is the smallest honest unit, and it
 * avoids a per-invocation setup whose timing overhead would rival what is measured. Parsing the
 * upstream chunks is left out; the other translation benchmarks show what parsing costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ChatStreamTranslationBenchmark {

    private GatewayConfig config;
    private ObjectMapper json;
    private ChatTranslation request;
    private List<JsonNode> chunks;

    @Setup
    public void setUp() {
        config = Fixtures.config();
        json = Json.newMapper();
        request = Fixtures.chat(config, json, true);
        chunks = new ArrayList<>(Payloads.STREAM_CHUNKS);
        for (int i = 0; i < Payloads.STREAM_CHUNKS; i++) {
            chunks.add(Json.read(json, Payloads.streamChunk(i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Benchmark
    public List<String> translateStream() {
        ChatStreamTranslator translator = new ChatStreamTranslator(config, json, request, Fixtures.COMPLETION_ID,
                Fixtures.CREATED);
        List<String> payloads = new ArrayList<>(Payloads.STREAM_CHUNKS + 3);
        for (JsonNode chunk : chunks) {
            payloads.addAll(translator.onEvent(chunk));
        }
        payloads.addAll(translator.onEnd());
        return payloads;
    }
}
