package io.github.geminibalance.bench;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xnio.Options;

/**
 * A fast fake of Google's Gemini API for benchmarks: canned answers in Gemini's wire format, sent
 * from the I/O threads without a worker pool, so that it is never what a benchmark measures.
 *
 * <ul>
 *   <li>{@code POST /v1beta/models/{model}:generateContent}: one answer of about 600 bytes.
 *   <li>{@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}: {@code events} chunks,
 *       {@code gap} milliseconds apart (timer callbacks: no thread waits). A model named
 *       {@code bench-e<N>-g<M>} asks for N events M milliseconds apart instead of the defaults.
 *   <li>{@code POST ...:embedContent}, {@code ...:batchEmbedContents}, {@code ...:countTokens}.
 *   <li>{@code GET /v1beta/models}: a short model list; {@code GET /v1beta/models/{model}}: one model.
 * </ul>
 * Every call needs an {@code x-goog-api-key}; one that starts with {@code dead} is refused as
 * Google refuses an invalid key, for {@code keys check} runs with a mix.
 */
public final class FakeGemini implements AutoCloseable {

    private static final Pattern METHOD = Pattern.compile("/v1beta/models/([^/:]+):([A-Za-z]+)");
    private static final Pattern MODEL = Pattern.compile("/v1beta/models/([^/:]+)");
    private static final Pattern STREAM_SHAPE = Pattern.compile("bench-e(\\d{1,5})-g(\\d{1,6})");
    private static final String TEXT_PART = "{\"text\":\"The quick brown fox jumps over the lazy dog. \"}";
    private static final byte[] ANSWER = bytes("""
            {"candidates":[{"content":{"parts":[{"text":"Benchmarks measure what a gateway adds to every \
            call: here the answer is always the same, so only the gateway's own work differs between \
            runs. The quick brown fox jumps over the lazy dog."}],"role":"model"},"finishReason":"STOP",\
            "index":0}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":48,"totalTokenCount":60,\
            "promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},"modelVersion":"gemini-2.5-flash",\
            "responseId":"bench-0000000000000000000000"}""");
    private static final byte[] CHUNK = bytes("data: {\"candidates\":[{\"content\":{\"parts\":[" + TEXT_PART
            + "],\"role\":\"model\"},\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"bench-s\"}\r\n\r\n");
    private static final byte[] LAST_CHUNK = bytes("data: {\"candidates\":[{\"content\":{\"parts\":[" + TEXT_PART
            + "],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":12,"
            + "\"candidatesTokenCount\":40,\"totalTokenCount\":52},\"modelVersion\":\"gemini-2.5-flash\","
            + "\"responseId\":\"bench-s\"}\r\n\r\n");
    private static final String EMBEDDING = "{\"values\":[0.0123,-0.0456,0.0789,-0.0112,0.0345,-0.0678,0.0901,-0.0234]}";
    private static final byte[] EMBED_ANSWER = bytes("{\"embedding\":" + EMBEDDING + "}");
    private static final byte[] BATCH_EMBED_ANSWER = bytes("{\"embeddings\":[" + EMBEDDING + "]}");
    private static final byte[] COUNT_ANSWER = bytes("{\"totalTokens\":12}");
    private static final byte[] MODELS = bytes("""
            {"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",\
            "supportedGenerationMethods":["generateContent","countTokens"]},{"name":"models/gemini-2.5-pro",\
            "displayName":"Gemini 2.5 Pro","supportedGenerationMethods":["generateContent","countTokens"]},\
            {"name":"models/text-embedding-004","displayName":"Text Embedding 004",\
            "supportedGenerationMethods":["embedContent"]}]}""");
    private static final byte[] INVALID_KEY = bytes("""
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",\
            "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",\
            "domain":"googleapis.com"}]}}""");
    private static final byte[] NOT_FOUND = bytes("{\"error\":{\"code\":404,\"message\":\"Not found\",\"status\":\"NOT_FOUND\"}}");

    private final Undertow server;
    private final int events;
    private final long gapMillis;

    /**
     * @param events chunks per streamed answer, by default
     * @param gapMillis milliseconds between two chunks, by default
     */
    public FakeGemini(String host, int port, int events, long gapMillis) {
        this.events = events;
        this.gapMillis = gapMillis;
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setSocketOption(Options.BACKLOG, 16_384)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 600_000)
                .setHandler(this::handle)
                .build();
    }

    public FakeGemini start() {
        server.start();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void handle(HttpServerExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (key == null || key.startsWith("dead")) {
            json(exchange, 400, INVALID_KEY);
            return;
        }
        String path = exchange.getRequestPath();
        if (Methods.GET.equals(exchange.getRequestMethod())) {
            Matcher model = MODEL.matcher(path);
            if (path.equals("/v1beta/models")) {
                json(exchange, 200, MODELS);
            } else if (model.matches()) {
                json(exchange, 200, bytes("{\"name\":\"models/" + model.group(1) + "\",\"displayName\":\"Bench\","
                        + "\"supportedGenerationMethods\":[\"generateContent\"]}"));
            } else {
                json(exchange, 404, NOT_FOUND);
            }
            return;
        }
        Matcher method = METHOD.matcher(path);
        if (!method.matches() || !Methods.POST.equals(exchange.getRequestMethod())) {
            json(exchange, 404, NOT_FOUND);
            return;
        }
        // The body is read whole, as Google does, before the answer starts.
        exchange.getRequestReceiver().receiveFullBytes((done, body) -> answer(done, method.group(1), method.group(2)),
                (failed, e) -> failed.endExchange());
    }

    private void answer(HttpServerExchange exchange, String model, String action) {
        switch (action) {
            case "generateContent" -> json(exchange, 200, ANSWER);
            case "streamGenerateContent" -> stream(exchange, model);
            case "embedContent" -> json(exchange, 200, EMBED_ANSWER);
            case "batchEmbedContents" -> json(exchange, 200, BATCH_EMBED_ANSWER);
            case "countTokens" -> json(exchange, 200, COUNT_ANSWER);
            default -> json(exchange, 404, NOT_FOUND);
        }
    }

    private void stream(HttpServerExchange exchange, String model) {
        Matcher shape = STREAM_SHAPE.matcher(model);
        int count = shape.matches() ? Integer.parseInt(shape.group(1)) : events;
        long gap = shape.matches() ? Long.parseLong(shape.group(2)) : gapMillis;
        exchange.setStatusCode(StatusCodes.OK);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
        // Dispatched, so that Undertow does not end the exchange when this handler returns: the
        // chunks go out from timer callbacks.
        exchange.dispatch(SameThreadExecutor.INSTANCE,
                () -> new Chunks(exchange, Math.max(1, count), gap).next(exchange.getResponseSender()));
    }

    /** The chunks of one streamed answer, each sent when the one before it has been written and the gap is over. */
    private static final class Chunks implements IoCallback {
        private final HttpServerExchange exchange;
        private final long gapMillis;
        private int left;

        Chunks(HttpServerExchange exchange, int count, long gapMillis) {
            this.exchange = exchange;
            this.left = count;
            this.gapMillis = gapMillis;
        }

        void next(Sender sender) {
            left--;
            sender.send(ByteBuffer.wrap(left == 0 ? LAST_CHUNK : CHUNK), this);
        }

        @Override
        public void onComplete(HttpServerExchange done, Sender sender) {
            if (left == 0) {
                sender.close(IoCallback.END_EXCHANGE);
            } else if (gapMillis == 0) {
                next(sender);
            } else {
                exchange.getIoThread().executeAfter(() -> next(sender), gapMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void onException(HttpServerExchange failed, Sender sender, IOException e) {
            IoCallback.END_EXCHANGE.onException(failed, sender, e);
        }
    }

    private static void json(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=UTF-8");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
