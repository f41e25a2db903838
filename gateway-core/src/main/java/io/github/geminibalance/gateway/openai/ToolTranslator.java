package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI {@code tools} / {@code tool_choice} (and the deprecated {@code functions} /
 * {@code function_call}) as Gemini {@code tools} / {@code toolConfig}.
 *
 * <p>Every function goes into one Gemini tool's {@code functionDeclarations}, its parameters as
 * {@code parametersJsonSchema} (see {@link SchemaCleaner}); {@code strict} has no Gemini
 * counterpart and is dropped. A name given twice keeps its first declaration. A function named
 * {@code googleSearch} stands for Gemini's search tool, a convention of Cherry Studio and other
 * chat front ends. Custom (grammar) tools have no Gemini counterpart: 400.
 *
 * <p>{@code tool_choice}: {@code auto} → {@code AUTO}, {@code none} → {@code NONE} (the
 * declarations stay, so history with calls remains valid), {@code required} → {@code ANY}, a
 * named function → {@code ANY} limited to it, {@code allowed_tools} → {@code VALIDATED}
 * ({@code auto}) or {@code ANY} ({@code required}) limited to the listed names.
 */
final class ToolTranslator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String GOOGLE_SEARCH = "googleSearch";

    /**
     * @param tools Gemini's {@code tools}, empty when the client declared none
     * @param toolConfig Gemini's {@code toolConfig}, or {@code null}
     */
    record Tools(ArrayNode tools, ObjectNode toolConfig) {}

    Tools translate(JsonNode body) {
        Declarations declarations = new Declarations();
        Optional<ArrayNode> tools = RequestFields.array(body, "", "tools");
        for (int i = 0; tools.isPresent() && i < tools.get().size(); i++) {
            String toolParam = "tools[" + i + "]";
            ObjectNode tool = RequestFields.element(tools.get().get(i), toolParam);
            String type = RequestFields.requiredString(tool, toolParam, "type");
            if (!type.equals("function")) {
                throw RequestFields.invalidValue(RequestFields.param(toolParam, "type"), type,
                        "function (Gemini has no counterpart for other tool types)");
            }
            declarations.add(RequestFields.requiredObject(tool, toolParam, "function"), RequestFields.param(toolParam, "function"));
        }
        Optional<ArrayNode> functions = RequestFields.array(body, "", "functions");
        for (int i = 0; functions.isPresent() && i < functions.get().size(); i++) {
            String functionParam = "functions[" + i + "]";
            declarations.add(RequestFields.element(functions.get().get(i), functionParam), functionParam);
        }

        ArrayNode geminiTools = NODES.arrayNode();
        if (!declarations.list.isEmpty()) {
            geminiTools.addObject().set("functionDeclarations", declarations.list);
        }
        if (declarations.googleSearch) {
            geminiTools.addObject().putObject(GOOGLE_SEARCH);
        }
        ObjectNode callingConfig = body.hasNonNull("tool_choice")
                ? toolChoice(body.get("tool_choice"), declarations.names)
                : functionCall(body, declarations.names);
        ObjectNode toolConfig = null;
        if (callingConfig != null) {
            toolConfig = NODES.objectNode();
            toolConfig.set("functionCallingConfig", callingConfig);
        }
        return new Tools(geminiTools, toolConfig);
    }

    /** The functions declared so far; the first declaration of a name wins. */
    private static final class Declarations {
        private final ArrayNode list = NODES.arrayNode();
        private final Set<String> names = new LinkedHashSet<>();
        private boolean googleSearch;

        void add(ObjectNode function, String functionParam) {
            String name = RequestFields.requiredString(function, functionParam, "name");
            if (name.equals(GOOGLE_SEARCH)) {
                googleSearch = true;
                return;
            }
            Optional<String> description = RequestFields.string(function, functionParam, "description");
            Optional<ObjectNode> parameters = RequestFields.object(function, functionParam, "parameters");
            if (!names.add(name)) {
                return;
            }
            ObjectNode declaration = list.addObject().put("name", name);
            description.filter(text -> !text.isEmpty()).ifPresent(text -> declaration.put("description", text));
            parameters.map(SchemaCleaner::clean)
                    .filter(schema -> !SchemaCleaner.declaresNoParameters(schema))
                    .ifPresent(schema -> declaration.set("parametersJsonSchema", schema));
        }
    }

    private static ObjectNode toolChoice(JsonNode choice, Set<String> declared) {
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> declared.isEmpty() ? null : mode("AUTO");
                case "none" -> declared.isEmpty() ? null : mode("NONE");
                case "required" -> {
                    requireDeclarations(declared, "tool_choice");
                    yield mode("ANY");
                }
                default -> throw RequestFields.invalidValue("tool_choice", choice.asText(),
                        "auto, none, required or an object naming a function");
            };
        }
        ObjectNode object = RequestFields.element(choice, "tool_choice");
        String type = RequestFields.requiredString(object, "tool_choice", "type");
        return switch (type) {
            case "function" -> {
                ObjectNode function = RequestFields.requiredObject(object, "tool_choice", "function");
                String name = RequestFields.requiredString(function, "tool_choice.function", "name");
                yield allowed("ANY", List.of(name), declared, "tool_choice.function.name");
            }
            case "allowed_tools" -> allowedTools(object, declared);
            default -> throw RequestFields.invalidValue("tool_choice.type", type, "function or allowed_tools");
        };
    }

    private static ObjectNode allowedTools(ObjectNode choice, Set<String> declared) {
        String prefix = "tool_choice.allowed_tools";
        ObjectNode allowedTools = RequestFields.requiredObject(choice, "tool_choice", "allowed_tools");
        String mode = RequestFields.requiredString(allowedTools, prefix, "mode");
        ArrayNode tools = RequestFields.array(allowedTools, prefix, "tools")
                .orElseThrow(() -> RequestFields.missing(prefix + ".tools"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String toolParam = prefix + ".tools[" + i + "]";
            ObjectNode tool = RequestFields.element(tools.get(i), toolParam);
            ObjectNode function = RequestFields.requiredObject(tool, toolParam, "function");
            names.add(RequestFields.requiredString(function, toolParam + ".function", "name"));
        }
        if (names.isEmpty()) {
            throw OpenAiRequestException.badRequest("'" + prefix + ".tools' must name at least one function.", prefix + ".tools");
        }
        return switch (mode) {
            // VALIDATED: the model may answer in text or call one of the functions, never another.
            case "auto" -> allowed("VALIDATED", names, declared, prefix + ".tools");
            case "required" -> allowed("ANY", names, declared, prefix + ".tools");
            default -> throw RequestFields.invalidValue(prefix + ".mode", mode, "auto or required");
        };
    }

    /** The deprecated {@code function_call}: {@code "auto"}, {@code "none"} or {@code {"name": X}}. */
    private static ObjectNode functionCall(JsonNode body, Set<String> declared) {
        JsonNode choice = RequestFields.member(body, "function_call");
        if (choice == null) {
            return null;
        }
        if (choice.isTextual() && (choice.asText().equals("auto") || choice.asText().equals("none"))) {
            return declared.isEmpty() ? null : mode(choice.asText().toUpperCase(Locale.ROOT));
        }
        if (choice.isObject()) {
            String name = RequestFields.requiredString(choice, "function_call", "name");
            return allowed("ANY", List.of(name), declared, "function_call.name");
        }
        throw RequestFields.invalidValue("function_call", choice.toString(), "auto, none or an object naming a function");
    }

    private static ObjectNode allowed(String mode, List<String> names, Set<String> declared, String param) {
        requireDeclarations(declared, param);
        for (String name : names) {
            if (!declared.contains(name)) {
                throw RequestFields.invalidValue(param, name, "the name of a function in 'tools'");
            }
        }
        ObjectNode config = mode(mode);
        ArrayNode allowedNames = config.putArray("allowedFunctionNames");
        names.forEach(allowedNames::add);
        return config;
    }

    private static void requireDeclarations(Set<String> declared, String param) {
        if (declared.isEmpty()) {
            throw OpenAiRequestException.badRequest(
                    "Invalid value for '" + param + "': a function must be called, but 'tools' declares none.", param);
        }
    }

    private static ObjectNode mode(String mode) {
        return NODES.objectNode().put("mode", mode);
    }
}
