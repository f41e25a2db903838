package io.github.geminibalance.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.Json;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelAction;
import io.github.geminibalance.gateway.gemini.NativeRequestRewriter;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import io.github.geminibalance.gateway.gemini.ResourceOwners;
import io.github.geminibalance.gateway.gemini.UpstreamUrls;
import io.github.geminibalance.gateway.http.RequestLogContext;
import io.github.geminibalance.gateway.http.ResponseChannel;
import io.github.geminibalance.gateway.http.Responses;
import io.github.geminibalance.gateway.observe.TokenUsage;
import io.github.geminibalance.gateway.openai.GeminiCalls;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.proxy.CapturedResponse;
import io.github.geminibalance.gateway.proxy.KeyRotatingProxy;
import io.github.geminibalance.gateway.proxy.ProxyPlan;
import io.github.geminibalance.gateway.proxy.ResponseHandling;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.protocol.ClientRequest;
import io.github.geminibalance.plugin.api.protocol.GeminiCall;
import io.github.geminibalance.plugin.api.protocol.ProtocolAdapter;
import io.github.geminibalance.plugin.api.protocol.ProtocolException;
import io.github.geminibalance.plugin.api.protocol.StreamConverter;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one adapter request once its body is read: {@code toGemini}, then {@code prepare}, then
 * the model suffixes, tools and defaults of the other surfaces, then the key pool; the answer
 * (whole, through {@code finish}, or streamed) is translated back by the adapter. Whatever the
 * adapter throws, other than a {@link ProtocolException} refusing the request, is logged with its
 * plugin's id and answered with a 500 in the adapter's shape.
 */
final class AdapterCalls {

    private static final Logger log = LoggerFactory.getLogger(AdapterCalls.class);

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final KeyRotatingProxy proxy;
    private final ResourceOwners owners;
    private final NativeRequestRewriter rewriter;
    private final PluginContext context;
    private final UpstreamUrls urls;

    AdapterCalls(GatewayConfig config, ObjectMapper json, KeyRotatingProxy proxy, ResourceOwners owners,
            NativeRequestRewriter rewriter, PluginContext context) {
        this.config = config;
        this.json = json;
        this.proxy = proxy;
        this.owners = owners;
        this.rewriter = rewriter;
        this.context = context;
        this.urls = new UpstreamUrls(config.upstream().baseUrl());
    }

    /** Serves {@code request} (on the exchange's I/O thread, the body read). */
    void serve(HttpServerExchange exchange, Loaded<ProtocolAdapter> adapter, AdapterErrors errors,
            ClientRequest request) {
        ProtocolAdapter extension = adapter.extension();
        GeminiCall translated;
        try {
            translated = Objects.requireNonNull(extension.toGemini(request, context), "toGemini returned null");
        } catch (ProtocolException refusal) {
            Responses.send(exchange, errors.refusal(refusal));
            return;
        } catch (RuntimeException | LinkageError e) {
            failed(adapter, "toGemini", e);
            Responses.error(exchange, errors, 500, AdapterErrors.ADAPTER_FAILED);
            return;
        }
        RequestLogContext.of(exchange).model(translated.model());
        stage(adapter, "prepare", () -> extension.prepare(translated, context)).whenComplete((call, failure) -> {
            Runnable next = failure == null
                    ? () -> call(exchange, adapter, errors, call)
                    : () -> Responses.send(exchange, errors.failure("prepare", failure));
            if (exchange.isInIoThread()) {
                guarded(exchange, errors, next);
            } else {
                exchange.getIoThread().execute(() -> guarded(exchange, errors, next));
            }
        });
    }

    /**
     * Runs a step that continues the call from a completion callback, where an exception would be
     * swallowed by the future and leave the client waiting: a bug is logged and answered with a 500.
     */
    private static void guarded(HttpServerExchange exchange, AdapterErrors errors, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Responses.internalError(exchange, errors, e);
        }
    }

    private void call(HttpServerExchange exchange, Loaded<ProtocolAdapter> adapter, AdapterErrors errors,
            GeminiCall call) {
        ResolvedModel model;
        try {
            model = ResolvedModel.resolve(call.model(), config.models());
        } catch (ResolvedModel.UnsupportedModelException e) {
            Responses.error(exchange, errors, 400, e.getMessage());
            return;
        }
        if (!ModelAction.isModelId(model.upstream())) {
            Responses.error(exchange, errors, 400, "Malformed model name " + call.model());
            return;
        }
        rewriter.rewrite(call.request(), model);
        RequestLogContext log = RequestLogContext.of(exchange);
        boolean streamUpstream = call.stream() && !call.wholeAnswer();
        ResponseHandling handling;
        try {
            handling = streamUpstream
                    ? new ResponseHandling.Stream(new AdapterEventStream(adapter, converter(adapter, call), json, log))
                    : new ResponseHandling.Capture((key, head, body) -> whole(adapter, errors, call, json.readTree(body), log));
        } catch (RuntimeException | LinkageError e) {
            failed(adapter, "streamConverter", e);
            Responses.error(exchange, errors, 500, AdapterErrors.ADAPTER_FAILED);
            return;
        }
        byte[] upstreamBody = Json.bytes(json, call.request());
        String action = streamUpstream ? "streamGenerateContent" : "generateContent";
        URI uri = urls.api("models/" + model.upstream() + ":" + action, streamUpstream ? "alt=sse" : "");
        ProxyPlan plan = new ProxyPlan(model.upstream(), owners.ownerOfReferences(call.request()),
                key -> GeminiCalls.post(uri, key, upstreamBody), handling,
                ResourceOwners.refersToResources(call.request()), errors);
        proxy.execute(plan, new ResponseChannel(exchange), log);
    }

    /**
     * A whole answer (a body that is not JSON never gets here: the proxy answers 502) through the
     * adapter's {@code finish}, then its {@code fromGemini}, or its stream converter when the client
     * wants a stream.
     */
    private CompletableFuture<CapturedResponse> whole(Loaded<ProtocolAdapter> adapter, AdapterErrors errors,
            GeminiCall call, JsonNode answer, RequestLogContext log) {
        TokenUsage.of(answer).ifPresent(log::tokens);
        return stage(adapter, "finish", () -> adapter.extension().finish(call, answer, context)).handle((finished, failure) -> {
            if (failure != null) {
                return errors.failure("finish", failure);
            }
            String method = call.stream() ? "streamConverter" : "fromGemini";
            try {
                return call.stream()
                        ? new AdapterEventStream(adapter, converter(adapter, call), json, log).replay(finished)
                        : AdapterErrors.captured(adapter.extension().fromGemini(call, finished, context));
            } catch (RuntimeException | LinkageError e) {
                failed(adapter, method, e);
                return errors.render(500, AdapterErrors.ADAPTER_FAILED);
            }
        });
    }

    private StreamConverter converter(Loaded<ProtocolAdapter> adapter, GeminiCall call) {
        return Objects.requireNonNull(adapter.extension().streamConverter(call, context), "streamConverter returned null");
    }

    /** The adapter's stage; an adapter that throws instead of failing the stage fails it all the same. */
    private static <T> CompletableFuture<T> stage(Loaded<ProtocolAdapter> adapter, String method,
            Supplier<CompletionStage<T>> step) {
        try {
            return Objects.requireNonNull(step.get(), method + " returned null").toCompletableFuture()
                    .thenApply(result -> Objects.requireNonNull(result, method + " completed with null"));
        } catch (RuntimeException | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static void failed(Loaded<ProtocolAdapter> adapter, String method, Throwable e) {
        log.warn("protocol adapter {} of plugin {} failed in {}", adapter.id(), adapter.pluginId(), method, e);
    }

    /** The exception a stage failed with, without the wrapper of the stage that passed it on. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
