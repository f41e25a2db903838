package com.example.geminibalance.upload.example;

import io.github.geminibalance.plugin.api.http.HttpBody;
import io.github.geminibalance.plugin.api.http.HttpCall;
import io.github.geminibalance.plugin.api.http.HttpResult;
import io.github.geminibalance.plugin.api.http.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A stand-in for the gateway's {@link HttpTransport}, for tests only, written with the JDK's own
 * HTTP client. In the gateway, {@code context.http()} is the gateway's transport instead; a plugin
 * never depends on the gateway's code, only on the plugin API.
 */
final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public CompletableFuture<HttpResult> send(HttpCall call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
        call.headers().forEach(request::header);
        byte[] body = new byte[0];
        if (call.body() instanceof HttpBody.Bytes bytes) {
            request.header("Content-Type", bytes.contentType());
            body = bytes.data();
        } else if (call.body() instanceof HttpBody.Multipart form) {
            String boundary = "test-" + UUID.randomUUID();
            request.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            body = multipart(form, boundary);
        }
        request.method(call.method(), call.body() instanceof HttpBody.Empty
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new HttpResult(response.statusCode(), response.headers().map(), response.body()));
    }

    private static byte[] multipart(HttpBody.Multipart form, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HttpBody.FormPart part : form.parts()) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"")
                    + "\r\nContent-Type: " + part.contentType() + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.data());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
