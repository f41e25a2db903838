package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.gateway.upstream.UpstreamCall;
import io.github.geminibalance.gateway.upstream.UpstreamClient;
import io.github.geminibalance.gateway.upstream.UpstreamListener;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import io.github.geminibalance.gateway.upstream.UpstreamResponseHead;
import io.github.geminibalance.plugin.api.http.HttpBody;
import io.github.geminibalance.plugin.api.http.HttpCall;
import io.github.geminibalance.plugin.api.http.HttpResult;
import io.github.geminibalance.plugin.api.http.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link HttpTransport} plugins get: the gateway's own async HTTP client, with multipart
 * forms encoded here so that every uploader does not write its own, a bound on answer size, and a
 * deadline per call.
 */
public final class PluginHttpTransport implements HttpTransport {

    /** Image hosts answer with a little JSON; anything far larger is not an answer worth keeping. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final UpstreamClient client;
    private final ScheduledExecutorService timer;

    public PluginHttpTransport(UpstreamClient client, ScheduledExecutorService timer) {
        this.client = client;
        this.timer = timer;
    }

    @Override
    public CompletableFuture<HttpResult> send(HttpCall call) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(call.headers().entrySet());
        byte[] body = encode(call.body(), headers);
        UpstreamCall upstream = client.call(new UpstreamRequest(call.method(), call.uri(), headers, body));
        Collector collector = new Collector(upstream);
        var deadline = timer.schedule(() -> {
            collector.result.completeExceptionally(new TimeoutException(
                    call.uri().getHost() + " did not answer within " + call.timeout().toSeconds() + " s"));
            upstream.cancel();
        }, call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        collector.result.whenComplete((result, failure) -> deadline.cancel(false));
        upstream.start(collector);
        return collector.result;
    }

    /** The bytes of a body; adds its {@code Content-Type} to {@code headers}. */
    static byte[] encode(HttpBody body, List<Map.Entry<String, String>> headers) {
        if (body instanceof HttpBody.Bytes bytes) {
            headers.add(Map.entry("Content-Type", bytes.contentType()));
            return bytes.data();
        }
        if (body instanceof HttpBody.Multipart form) {
            String boundary = "gemini-balance-" + UUID.randomUUID();
            headers.add(Map.entry("Content-Type", "multipart/form-data; boundary=" + boundary));
            return multipart(form, boundary);
        }
        return null;
    }

    private static byte[] multipart(HttpBody.Multipart form, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HttpBody.FormPart part : form.parts()) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quoted(part.name())).append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(quoted(part.fileName())).append('"');
            }
            head.append("\r\nContent-Type: ").append(part.contentType()).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.data());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Form field names and file names may not carry quotes or line breaks into the part's head. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }

    /** Gathers one answer, whatever its status. */
    private static final class Collector implements UpstreamListener {
        private final UpstreamCall call;
        private final CompletableFuture<HttpResult> result = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private UpstreamResponseHead head;

        Collector(UpstreamCall call) {
            this.call = call;
        }

        @Override
        public void onHead(UpstreamResponseHead response) {
            head = response;
        }

        @Override
        public void onData(ByteBuffer chunk) {
            if (body.size() + chunk.remaining() > MAX_ANSWER_BYTES) {
                result.completeExceptionally(new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes"));
                call.cancel();
                return;
            }
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            body.writeBytes(bytes);
            call.acknowledge(bytes.length);
        }

        @Override
        public void onEnd() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            head.headers().forEach(header -> headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>())
                    .add(header.getValue()));
            result.complete(new HttpResult(head.status(), headers, body.toByteArray()));
        }

        @Override
        public void onFailure(Exception cause) {
            result.completeExceptionally(cause);
        }
    }
}
