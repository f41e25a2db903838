package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.gemini.ModelAction;
import io.github.geminibalance.gateway.gemini.ResolvedModel;
import io.github.geminibalance.gateway.gemini.ResolvedModel.UnsupportedModelException;

/**
 * Translates an OpenAI Chat Completions request into a Gemini {@code generateContent} request.
 * The mapping is the one of {@code protocols.md} §2: messages in {@link MessageTranslator} and
 * {@link UserParts}, tools in {@link ToolTranslator}, sampling and output options in
 * {@link GenerationConfigTranslator}, the {@code google} extension in {@link GoogleExtension}.
 * What the model suffix asks for ({@code -search}, {@code -image}, {@code -non-thinking}) and the
 * operator's defaults (code execution, safety settings) are not applied here: the gateway applies
 * them to every adapter's call, this one's included, once its media is fetched.
 *
 * <p>Fields with no Gemini counterpart are ignored, as Google's own compatible endpoint does and
 * because SDKs send some by default: {@code user}, {@code metadata}, {@code store},
 * {@code service_tier}, {@code parallel_tool_calls}, {@code logit_bias}, {@code logprobs},
 * {@code top_logprobs}, {@code prompt_cache_*}, {@code prediction}, {@code verbosity},
 * {@code modalities}, {@code audio}, {@code web_search_options}, {@code safety_identifier}.
 *
 * <p>Every mistake of the client is an {@link OpenAiRequestException} (400) naming the field.
 * Instances hold no request state and may be shared between threads.
 */
public final class ChatRequestTranslator {

    private final GatewayConfig config;
    private final MessageTranslator messages;
    private final ToolTranslator tools = new ToolTranslator();
    private final GenerationConfigTranslator generation;

    public ChatRequestTranslator(GatewayConfig config) {
        this.config = config;
        this.messages = new MessageTranslator(config.upstream().baseUrl());
        this.generation = new GenerationConfigTranslator(config.features().showThinkingProcess());
    }

    /**
     * @param body the parsed request body
     * @throws OpenAiRequestException (400) when the client sent something Gemini cannot be asked
     */
    public ChatTranslation translate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OpenAiRequestException.badRequest("The request body must be a JSON object.", null);
        }
        String requestedModel = RequestFields.requiredString(body, "", "model");
        ResolvedModel model = resolve(requestedModel);
        boolean stream = RequestFields.bool(body, "", "stream").orElse(false);
        boolean includeUsage = RequestFields.object(body, "", "stream_options")
                .flatMap(options -> RequestFields.bool(options, "stream_options", "include_usage"))
                .orElse(false);

        MessageTranslator.Conversation conversation = messages.translate(body, model.upstream());
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("contents", conversation.contents());
        if (conversation.systemInstruction() != null) {
            request.set("systemInstruction", conversation.systemInstruction());
        }
        ToolTranslator.Tools declared = tools.translate(body);
        // No "tools" key at all when the client declared none: that is what lets the gateway add
        // code execution where the original gateway did.
        if (!declared.tools().isEmpty()) {
            request.set("tools", declared.tools());
        }
        if (declared.toolConfig() != null) {
            request.set("toolConfig", declared.toolConfig());
        }
        ObjectNode generationConfig = generation.translate(body, model.upstream());
        GoogleExtension.apply(body, request, generationConfig);
        if (!generationConfig.isEmpty()) {
            request.set("generationConfig", generationConfig);
        }
        return new ChatTranslation(requestedModel, model, request, stream, stream && includeUsage,
                conversation.pendingMedia());
    }

    private ResolvedModel resolve(String requestedModel) {
        String name = requestedModel.startsWith("models/") ? requestedModel.substring("models/".length()) : requestedModel;
        if (!ModelAction.isModelId(name)) {
            throw RequestFields.invalidValue("model", requestedModel, "a Gemini model id like gemini-2.5-flash");
        }
        try {
            return ResolvedModel.resolve(name, config.models());
        } catch (UnsupportedModelException filtered) {
            throw new OpenAiRequestException(400, filtered.getMessage(), "model", "model_not_found");
        }
    }
}
