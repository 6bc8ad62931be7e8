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
     * {@code maxBytes} bounds the template's texts once filled (UTF-8 bytes, all together): each placeholder
     * repeats its value, so a template of many placeholders would turn a short variable into a prompt of any
     * size. The size is computed from the template and the values' lengths before anything is filled.
     *
     * @throws ValidationException for a member the request may not give, a variable missing or unknown, a
     *         prompt with no variant or model to run, or filled texts longer than {@code maxBytes}
     */
    public static ObjectNode render(Prompt version, ObjectNode request, long maxBytes) {
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
        long filled = filledBytes(type.equals("TEXT") ? List.of(template.path("text"))
                : texts(template), values);
        if (filled > maxBytes) {
            throw new ValidationException("Input is too long for requested model. The prompt's template filled with "
                    + "'promptVariables' is " + filled + " bytes; a rendered prompt holds at most " + maxBytes
                    + " bytes.");
        }

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

    /** The texts of a CHAT template that are filled: its messages' and its system prompt's text blocks. */
    private static List<JsonNode> texts(JsonNode template) {
        List<JsonNode> texts = new ArrayList<>();
        for (JsonNode message : template.path("messages")) {
            message.path("content").forEach(block -> texts.add(block.path("text")));
        }
        template.path("system").forEach(block -> texts.add(block.path("text")));
        return texts;
    }

    /**
     * The UTF-8 bytes of {@code texts} once filled, from their placeholders and the values' lengths, without
     * filling them. (Texts and values come in bodies of bounded size: the product cannot overflow a long.)
     */
    static long filledBytes(List<JsonNode> texts, Map<String, String> values) {
        Map<String, Long> valueBytes = new LinkedHashMap<>();
        values.forEach((name, value) -> valueBytes.put(name, utf8Bytes(value)));
        long total = 0;
        for (JsonNode node : texts) {
            if (!node.isTextual()) {
                continue;
            }
            String text = node.asText();
            total += utf8Bytes(text);
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                Long value = valueBytes.get(matcher.group(1));
                if (value != null) {
                    total += value - (matcher.end() - matcher.start()); // a placeholder is ASCII
                }
            }
        }
        return total;
    }

    private static long utf8Bytes(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
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
