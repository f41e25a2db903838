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
import io.github.geminibalance.gateway.openai.GeminiCalls;
import io.github.geminibalance.gateway.plugin.Loaded;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one adapter request once its body is read: the adapter's Gemini call gets the model
 * suffixes, tools and defaults of the other surfaces, then runs through the key pool like an
 * OpenAI chat completion, its answer (whole or streamed) translated back by the adapter. Whatever
 * the adapter throws, other than a {@link ProtocolException} refusing the request, is logged with
 * its plugin's id and answered with a 500 in the adapter's shape.
 */
final class AdapterCalls {

    private static final Logger log = LoggerFactory.getLogger(AdapterCalls.class);
    private static final String ADAPTER_FAILED = "The protocol adapter failed";

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
        GeminiCall call;
        try {
            call = Objects.requireNonNull(adapter.extension().toGemini(request, context), "toGemini returned null");
        } catch (ProtocolException refusal) {
            Responses.error(exchange, errors, refusal.status(), Objects.toString(refusal.getMessage(), "Bad request"));
            return;
        } catch (RuntimeException | LinkageError e) {
            failed(adapter, "toGemini", e);
            Responses.error(exchange, errors, 500, ADAPTER_FAILED);
            return;
        }
        RequestLogContext.of(exchange).model(call.model());
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
        ResponseHandling handling;
        try {
            handling = handling(adapter, errors, call);
        } catch (RuntimeException | LinkageError e) {
            failed(adapter, "streamConverter", e);
            Responses.error(exchange, errors, 500, ADAPTER_FAILED);
            return;
        }
        byte[] upstreamBody = Json.bytes(json, call.request());
        String action = call.stream() ? "streamGenerateContent" : "generateContent";
        URI uri = urls.api("models/" + model.upstream() + ":" + action, call.stream() ? "alt=sse" : "");
        ProxyPlan plan = new ProxyPlan(model.upstream(), owners.ownerOfReferences(call.request()),
                key -> GeminiCalls.post(uri, key, upstreamBody), handling,
                ResourceOwners.refersToResources(call.request().toString()), errors);
        proxy.execute(plan, new ResponseChannel(exchange), RequestLogContext.of(exchange));
    }

    /** A streamed answer through the adapter's converter; a whole one through its {@code fromGemini}. */
    private ResponseHandling handling(Loaded<ProtocolAdapter> adapter, AdapterErrors errors, GeminiCall call) {
        if (call.stream()) {
            StreamConverter converter = Objects.requireNonNull(adapter.extension().streamConverter(call, context),
                    "streamConverter returned null");
            return new ResponseHandling.Stream(new AdapterEventStream(adapter, converter, json));
        }
        return ResponseHandling.Capture.of((key, head, body) -> {
            JsonNode answer = json.readTree(body); // not JSON: the proxy answers 502
            try {
                return AdapterErrors.captured(adapter.extension().fromGemini(call, answer, context));
            } catch (RuntimeException | LinkageError e) {
                failed(adapter, "fromGemini", e);
                return errors.render(500, ADAPTER_FAILED);
            }
        });
    }

    private static void failed(Loaded<ProtocolAdapter> adapter, String method, Throwable e) {
        log.warn("protocol adapter {} of plugin {} failed in {}", adapter.id(), adapter.pluginId(), method, e);
    }
}
