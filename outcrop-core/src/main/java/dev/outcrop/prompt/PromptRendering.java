package dev.outcrop.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Converse request whose {@code modelId} is a prompt version into the Converse request the prompt
 * describes, by Bedrock's rules: the variant supplies the model, the system prompt, the tools, the inference
 * configuration and the additional model request fields, and the request may not give any of them; the
 * request's {@code promptVariables} fill the template's {@code {{name}}} placeholders; the request's
 * {@code messages} are appended after the prompt's.
 */
public final class PromptRendering {
    /** The Converse members only the prompt may give. */
    public static final List<String> PROMPT_ONLY_MEMBERS = List.of("additionalModelRequestFields", "inferenceConfig",
            "system", "toolConfig");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([0-9a-zA-Z_-]+)}}");

    private PromptRendering() {}

    /**
     * The Converse members to run: {@code request}'s other members kept, {@code modelId} the variant's.
     *
     * @throws ValidationException for a member the request may not give, a variable missing or unknown, or a
     *         prompt with no variant or model to run
     */
    public static ObjectNode render(Prompt version, ObjectNode request) {
        for (String member : PROMPT_ONLY_MEMBERS) {
            if (request.has(member) && !request.get(member).isNull()) {
                throw new ValidationException("The modelId is a prompt from Prompt management, so the request can't "
                        + "include '" + member + "'. Define it in the prompt's variant instead.");
            }
        }
        JsonNode variant = variant(version);
        String type = variant.path("templateType").asText();
        JsonNode template = variant.path("templateConfiguration").path(type.toLowerCase(Locale.ROOT));
        Map<String, String> values = values(template.path("inputVariables"), request.path("promptVariables"));

        ObjectNode rendered = request.deepCopy();
        rendered.remove("promptVariables");
        rendered.put("modelId", variant.path("modelId").asText());
        ArrayNode messages = NODES.arrayNode();
        if (type.equals("TEXT")) {
            ObjectNode message = messages.addObject().put("role", "user");
            message.putArray("content").addObject().put("text", fill(template.path("text").asText(), values));
            if (template.has("cachePoint")) {
                ((ArrayNode) message.get("content")).addObject().set("cachePoint", template.get("cachePoint"));
            }
        } else {
            for (JsonNode message : template.path("messages")) {
                ObjectNode copy = messages.addObject()
                        .put("role", message.path("role").asText().toLowerCase(Locale.ROOT));
                copy.set("content", filledBlocks(message.path("content"), values));
            }
            if (template.path("system").size() > 0) {
                rendered.set("system", filledBlocks(template.path("system"), values));
            }
            if (template.has("toolConfiguration")) {
                rendered.set("toolConfig", template.get("toolConfiguration").deepCopy());
            }
        }
        request.path("messages").forEach(m -> messages.add(m.deepCopy()));
        rendered.set("messages", messages);
        JsonNode inference = variant.path("inferenceConfiguration").path("text");
        if (inference.isObject() && !inference.isEmpty()) {
            rendered.set("inferenceConfig", inference.deepCopy());
        }
        if (variant.has("additionalModelRequestFields") && !variant.get("additionalModelRequestFields").isNull()) {
            rendered.set("additionalModelRequestFields", variant.get("additionalModelRequestFields").deepCopy());
        }
        return rendered;
    }

    /** The variant a call runs: the default variant, or the only one. */
    static JsonNode variant(Prompt version) {
        JsonNode chosen = null;
        for (JsonNode variant : version.variants()) {
            if (version.defaultVariant() == null || version.defaultVariant().equals(variant.path("name").asText())) {
                chosen = variant;
                break;
            }
        }
        if (chosen == null) {
            throw new ValidationException("The prompt " + version.id() + " (version " + version.versionLabel()
                    + ") has no variant to run.");
        }
        if (!chosen.hasNonNull("modelId")) {
            throw new ValidationException("The variant '" + chosen.path("name").asText() + "' of prompt "
                    + version.id() + " (version " + version.versionLabel() + ") names no modelId to run it on.");
        }
        return chosen;
    }

    /** Each declared variable's value: every one must be given, and nothing else. */
    private static Map<String, String> values(JsonNode declared, JsonNode given) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode variable : declared) {
            String name = variable.path("name").asText();
            JsonNode value = given.path(name);
            if (value.path("text").isTextual()) {
                values.put(name, value.path("text").asText());
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ValidationException("The prompt's template has variables with no value in 'promptVariables': "
                    + String.join(", ", missing) + ". Give each one as {\"text\": \"...\"}.");
        }
        for (var entry : given.properties()) {
            if (!values.containsKey(entry.getKey())) {
                throw new ValidationException("'promptVariables' has a value for '" + entry.getKey()
                        + "', which is not an input variable of the prompt.");
            }
        }
        return values;
    }

    private static ArrayNode filledBlocks(JsonNode blocks, Map<String, String> values) {
        ArrayNode filled = NODES.arrayNode();
        for (JsonNode block : blocks) {
            ObjectNode copy = block.deepCopy();
            if (block.path("text").isTextual()) {
                copy.put("text", fill(block.path("text").asText(), values));
            }
            filled.add(copy);
        }
        return filled;
    }

    /**
     * Replaces each {@code {{name}}} of a declared variable by its value, in one pass: a value that itself
     * contains {@code {{...}}} is inserted as it is, never filled again. Other braces are left alone.
     */
    static String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
