package dev.outcrop.providers.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Generates a JSON value that conforms to a JSON schema, the same one for the same schema and words: the
 * simulator's structured answer. Covers what Bedrock's structured output documents: {@code type} (one or a
 * list), {@code properties}/{@code required}, {@code items}/{@code prefixItems} with {@code minItems},
 * {@code enum}, {@code const}, {@code anyOf}/{@code oneOf} (the first choice), {@code allOf} (merged),
 * local {@code $ref}, string {@code format}s and length bounds, and numeric bounds. A {@code pattern} is not
 * generated for; the answer is checked against the schema after it is generated, like any backend's.
 */
final class SchemaInstance {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 16;

    private final JsonNode root;
    private final IntFunction<String> words;
    // Characters still to generate: a schema's minItems and minLength multiply (an array of minItems arrays of
    // ...), and an answer longer than maxTokens is cut anyway; past the budget arrays and strings stop growing.
    private long budget;

    private SchemaInstance(JsonNode root, IntFunction<String> words, long budget) {
        this.root = root;
        this.words = words;
        this.budget = budget;
    }

    /**
     * A value conforming to {@code schema}; {@code words.apply(n)} gives the text of the n-th string. Past
     * {@code budget} characters (roughly), arrays and strings are generated no longer, so the value may not
     * conform: the caller gives a budget beyond what the answer may hold.
     */
    static JsonNode of(JsonNode schema, IntFunction<String> words, long budget) {
        return new SchemaInstance(schema, words, budget).value(schema, 0, new int[1]);
    }

    private JsonNode value(JsonNode schema, int depth, int[] strings) {
        budget -= 4;
        JsonNode s = resolve(schema);
        if (s.has("const")) {
            return s.get("const");
        }
        if (s.path("enum").isArray() && !s.path("enum").isEmpty()) {
            return s.path("enum").get(0);
        }
        for (String choice : List.of("anyOf", "oneOf")) {
            if (s.path(choice).isArray() && !s.path(choice).isEmpty()) {
                return value(s.path(choice).get(0), depth + 1, strings);
            }
        }
        if (s.path("allOf").isArray()) {
            s = merged(s);
        }
        return switch (type(s)) {
            case "object" -> object(s, depth, strings);
            case "array" -> array(s, depth, strings);
            case "integer" -> NODES.numberNode(integer(s));
            case "number" -> NODES.numberNode(number(s));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(s, strings));
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current.path("$ref").isTextual() && hops < MAX_DEPTH; hops++) {
            String ref = current.path("$ref").asText();
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                return NODES.objectNode();
            }
            current = target;
        }
        return current;
    }

    private ObjectNode merged(JsonNode schema) {
        ObjectNode merged = ((ObjectNode) schema).deepCopy();
        merged.remove("allOf");
        ObjectNode properties = NODES.objectNode();
        ArrayNode required = NODES.arrayNode();
        List<JsonNode> parts = new ArrayList<>(List.of(schema));
        schema.path("allOf").forEach(parts::add);
        for (JsonNode part : parts) {
            JsonNode resolved = resolve(part);
            resolved.path("properties").properties().forEach(p -> properties.set(p.getKey(), p.getValue()));
            resolved.path("required").forEach(required::add);
            if (!merged.has("type") && resolved.has("type")) {
                merged.set("type", resolved.get("type"));
            }
        }
        merged.set("properties", properties);
        merged.set("required", required);
        return merged;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        if (schema.has("properties")) {
            return "object";
        }
        return schema.has("items") || schema.has("prefixItems") ? "array" : "string";
    }

    private ObjectNode object(JsonNode schema, int depth, int[] strings) {
        ObjectNode object = NODES.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<String> names = schema.path("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            // Beyond some depth only what is required is generated, so recursive schemas end.
            if (depth < MAX_DEPTH || required.contains(name)) {
                object.set(name, value(schema.path("properties").path(name), depth + 1, strings));
            }
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, int depth, int[] strings) {
        ArrayNode array = NODES.arrayNode();
        schema.path("prefixItems").forEach(item -> array.add(value(item, depth + 1, strings)));
        int wanted = Math.max(schema.path("minItems").asInt(0), depth < MAX_DEPTH ? 1 : 0);
        if (schema.has("maxItems")) {
            wanted = Math.min(wanted, schema.path("maxItems").asInt());
        }
        JsonNode items = schema.path("items");
        while (array.size() < wanted && budget > 0 && !(items.isBoolean() && !items.asBoolean())) {
            array.add(value(items.isObject() ? items : NODES.objectNode(), depth + 1, strings));
        }
        return array;
    }

    private static long integer(JsonNode schema) {
        long low = schema.has("minimum") ? (long) Math.ceil(schema.path("minimum").asDouble())
                : schema.has("exclusiveMinimum") ? (long) Math.floor(schema.path("exclusiveMinimum").asDouble()) + 1 : 1;
        long high = schema.has("maximum") ? (long) Math.floor(schema.path("maximum").asDouble())
                : schema.has("exclusiveMaximum") ? (long) Math.ceil(schema.path("exclusiveMaximum").asDouble()) - 1
                : Long.MAX_VALUE;
        long value = Math.min(Math.max(low, 1), high);
        long step = schema.path("multipleOf").asLong(0);
        if (step > 0 && value % step != 0) {
            value = (value / step + 1) * step;
        }
        return value;
    }

    private static double number(JsonNode schema) {
        if (schema.has("multipleOf")) {
            return integer(schema);
        }
        double low = schema.has("minimum") ? schema.path("minimum").asDouble()
                : schema.has("exclusiveMinimum") ? schema.path("exclusiveMinimum").asDouble() + 0.5 : 1.5;
        double high = schema.has("maximum") ? schema.path("maximum").asDouble()
                : schema.has("exclusiveMaximum") ? schema.path("exclusiveMaximum").asDouble() - 0.5 : Double.MAX_VALUE;
        return Math.min(low, high);
    }

    private String string(JsonNode schema, int[] strings) {
        String text = switch (schema.path("format").asText("")) {
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "date" -> "2026-01-01";
            case "time" -> "00:00:00Z";
            case "email" -> "someone@example.com";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            case "uri" -> "https://example.com/";
            case "hostname" -> "example.com";
            case "ipv4" -> "192.0.2.1";
            case "ipv6" -> "2001:db8::1";
            default -> words.apply(strings[0]++);
        };
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        StringBuilder out = new StringBuilder(text);
        while (out.length() < min && budget > 0) {
            out.append(" x");
            budget -= 2;
        }
        budget -= text.length();
        return out.length() > max ? out.substring(0, max) : out.toString();
    }
}
