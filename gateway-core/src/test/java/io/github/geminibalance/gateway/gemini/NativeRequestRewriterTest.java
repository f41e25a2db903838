package io.github.geminibalance.gateway.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.config.GatewayConfig.FeaturesConfig;
import io.github.geminibalance.gateway.config.GatewayConfig.SafetySetting;
import io.github.geminibalance.gateway.plugin.Loaded;
import io.github.geminibalance.gateway.tools.BuiltInTools;
import io.github.geminibalance.plugin.api.PluginContext;
import io.github.geminibalance.plugin.api.tool.ToolProvider;
import io.github.geminibalance.plugin.api.tool.ToolRequest;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeRequestRewriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FeaturesConfig DEFAULTS = new FeaturesConfig(true, true, true,
            List.of(new SafetySetting("HARM_CATEGORY_HARASSMENT", "BLOCK_NONE")), true, List.of("gemini-2.5-flash"));
    private final NativeRequestRewriter rewriter =
            new NativeRequestRewriter(DEFAULTS, ToolAssembler.builtIn(DEFAULTS));

    @Test
    void searchAddsGoogleSearchOnceBesideTheClientsTools() throws Exception {
        ObjectNode body = body("{\"contents\":[],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\"}]}]}");
        rewriter.rewrite(body, new ResolvedModel("m-search", "m", ModelFeature.SEARCH));
        rewriter.rewrite(body, new ResolvedModel("m-search", "m", ModelFeature.SEARCH));
        assertEquals(JSON.readTree("[{\"functionDeclarations\":[{\"name\":\"f\"}]},{\"googleSearch\":{}}]"), body.get("tools"));
    }

    @Test
    void imageAsksForTextAndImageUnlessTheClientChose() throws Exception {
        ObjectNode plain = body("{\"contents\":[]}");
        ObjectNode chosen = body("{\"contents\":[],\"generation_config\":{\"response_modalities\":[\"IMAGE\"]}}");
        rewriter.rewrite(plain, new ResolvedModel("m-image", "m", ModelFeature.IMAGE));
        rewriter.rewrite(chosen, new ResolvedModel("m-image", "m", ModelFeature.IMAGE));
        assertEquals(JSON.readTree("[\"TEXT\",\"IMAGE\"]"), plain.at("/generationConfig/responseModalities"));
        assertEquals(JSON.readTree("{\"response_modalities\":[\"IMAGE\"]}"), chosen.get("generation_config"));
    }

    @Test
    void nonThinkingSetsTheLeastBudgetTheModelAllowsUnlessTheClientSetOne() throws Exception {
        ObjectNode flash = body("{\"contents\":[]}");
        ObjectNode pro = body("{\"contents\":[]}");
        ObjectNode own = body("{\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":512}}}");
        rewriter.rewrite(flash, new ResolvedModel("x", "gemini-2.5-flash", ModelFeature.NON_THINKING));
        rewriter.rewrite(pro, new ResolvedModel("x", "gemini-2.5-pro", ModelFeature.NON_THINKING));
        rewriter.rewrite(own, new ResolvedModel("x", "gemini-2.5-flash", ModelFeature.NON_THINKING));
        assertEquals(0, flash.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
        assertEquals(128, pro.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
        assertEquals(512, own.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
    }

    @Test
    void operatorDefaultsApplyOnlyWhereTheClientSentNone() throws Exception {
        ObjectNode bare = body("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}");
        ObjectNode own = body("{\"contents\":[],\"tools\":[{\"urlContext\":{}}],"
                + "\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HATE_SPEECH\",\"threshold\":\"OFF\"}]}");
        ObjectNode withImage = body("{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"\"}}]}]}");
        ObjectNode json = body("{\"contents\":[],\"generationConfig\":{\"responseMimeType\":\"application/json\"}}");
        for (ObjectNode body : List.of(bare, own, withImage, json)) {
            rewriter.rewrite(body, new ResolvedModel("m", "m", ModelFeature.NONE));
        }
        assertEquals(JSON.readTree("[{\"codeExecution\":{}}]"), bare.get("tools"));
        assertEquals(JSON.readTree("[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}]"),
                bare.get("safetySettings"));
        assertEquals(JSON.readTree("[{\"urlContext\":{}}]"), own.get("tools"));
        assertEquals("HARM_CATEGORY_HATE_SPEECH", own.at("/safetySettings/0/category").asText());
        assertEquals(false, withImage.has("tools"), "no code execution beside images");
        assertEquals(false, json.has("tools"), "no code execution when JSON output is asked for");
    }

    @Test
    void urlContextGoesToItsModelsUnlessFunctionsOrJsonAreInvolved() throws Exception {
        ObjectNode plain = body("{\"contents\":[],\"tools\":[{\"googleSearch\":{}}]}");
        ObjectNode functions = body("{\"contents\":[],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\"}]}]}");
        ObjectNode otherModel = body("{\"contents\":[],\"tools\":[]}");
        rewriter.rewrite(plain, new ResolvedModel("gemini-2.5-flash", "gemini-2.5-flash", ModelFeature.NONE));
        rewriter.rewrite(functions, new ResolvedModel("gemini-2.5-flash", "gemini-2.5-flash", ModelFeature.NONE));
        rewriter.rewrite(otherModel, new ResolvedModel("gemini-2.0-pro", "gemini-2.0-pro", ModelFeature.NONE));

        assertEquals(JSON.readTree("[{\"googleSearch\":{}},{\"urlContext\":{}}]"), plain.get("tools"));
        assertEquals(1, functions.get("tools").size(), "no built-in tool beside declared functions");
        assertEquals(0, otherModel.get("tools").size());
    }

    @Test
    void aToolProviderThatThrowsIsSkippedAndTheOthersStillApply() throws Exception {
        ToolProvider broken = new ToolProvider() {
            @Override
            public String toolName() {
                return "broken";
            }

            @Override
            public Optional<ObjectNode> toolFor(ToolRequest request, PluginContext context) {
                throw new IllegalStateException("boom");
            }
        };
        List<Loaded<ToolProvider>> providers = new ArrayList<>(BuiltInTools.of(DEFAULTS));
        providers.add(0, new Loaded<>("a-plugin", "broken", broken));
        NativeRequestRewriter withPlugin = new NativeRequestRewriter(DEFAULTS,
                new ToolAssembler(providers, null));
        ObjectNode body = body("{\"contents\":[]}");

        withPlugin.rewrite(body, new ResolvedModel("m-search", "m", ModelFeature.SEARCH));

        assertEquals(JSON.readTree("[{\"googleSearch\":{}}]"), body.get("tools"));
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
