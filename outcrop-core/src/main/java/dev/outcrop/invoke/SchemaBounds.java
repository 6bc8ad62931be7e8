package dev.outcrop.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What makes a structured-output schema safe to check an answer against, decided when the schema is read:
 * every {@code $ref} local and resolving to a place in the same document, no {@code $ref} cycle, at most
 * {@link #MAX_SUBSCHEMAS} subschemas once every reference is replaced by what it refers to, and no path of
 * more than {@link #MAX_DEPTH} nested subschemas. A reference that is used twice counts twice: the checker
 * walks it twice, so two references to a definition of two references to ... is exponential work from a
 * linear document. The counts are memoised per node, so reading a schema is linear in its size.
 */
final class SchemaBounds {
    /** Subschemas of the schema with its references expanded. */
    static final int MAX_SUBSCHEMAS = 5_000;
    /** Nested subschemas (a reference's target one level below it) on any path of the expanded schema. */
    static final int MAX_DEPTH = 64;

    private static final Set<String> ONE_SCHEMA = Set.of("not", "if", "then", "else", "contains",
            "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems",
            "contentSchema");
    private static final Set<String> SCHEMA_LIST = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMA_MAP = Set.of("properties", "patternProperties", "dependentSchemas",
            "$defs", "definitions");
    private static final Set<String> DEFINITIONS = Set.of("$defs", "definitions");
    // Keywords that change where a reference points or make the checker fetch or re-resolve: refused, so that
    // every reference is a JSON pointer into this document and nothing is ever loaded.
    private static final Set<String> REFUSED = Set.of("$id", "id", "$anchor", "$dynamicRef", "$dynamicAnchor",
            "$recursiveRef", "$recursiveAnchor", "$vocabulary");
    private static final Set<String> KNOWN_METASCHEMAS = Set.of(
            "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema");

    private final JsonNode root;
    private final Map<JsonNode, Long> counts = new IdentityHashMap<>();
    private final Map<JsonNode, Integer> heights = new IdentityHashMap<>();
    private final Map<JsonNode, Boolean> inProgress = new IdentityHashMap<>();

    private SchemaBounds(JsonNode root) {
        this.root = root;
    }

    /**
     * Checks {@code schema} (a JSON object).
     *
     * @throws IllegalArgumentException saying which bound or rule it breaks
     */
    static void check(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared != null && !(declared.isTextual() && KNOWN_METASCHEMAS.contains(strip(declared.asText())))) {
            throw new IllegalArgumentException("'$schema' must be one of the JSON Schema drafts' URIs, such as "
                    + "https://json-schema.org/draft/2020-12/schema");
        }
        SchemaBounds bounds = new SchemaBounds(schema);
        long count = bounds.walk(schema, "#", 1);
        if (count > MAX_SUBSCHEMAS) {
            throw new IllegalArgumentException("the schema has more than " + MAX_SUBSCHEMAS
                    + " subschemas once its references are expanded");
        }
    }

    private static String strip(String uri) {
        return uri.endsWith("#") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The expanded count of {@code node}, at most {@code MAX_SUBSCHEMAS + 1}. */
    private long walk(JsonNode node, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the schema nests more than " + MAX_DEPTH + " subschemas deep at "
                    + shown(where) + " (references expanded)");
        }
        Long known = counts.get(node);
        if (known != null) {
            if (depth + heights.get(node) - 1 > MAX_DEPTH) {
                throw new IllegalArgumentException("the schema nests more than " + MAX_DEPTH
                        + " subschemas deep at " + shown(where) + " (references expanded)");
            }
            return known;
        }
        if (inProgress.containsKey(node)) {
            throw new IllegalArgumentException("the reference at " + shown(where) + " refers to a schema that contains it "
                    + "(recursive schemas are not supported)");
        }
        if (!node.isObject()) {
            if (!node.isBoolean()) {
                throw new IllegalArgumentException("the subschema at " + shown(where) + " must be an object or a boolean");
            }
            counts.put(node, 1L);
            heights.put(node, 1);
            return 1;
        }
        inProgress.put(node, true);
        long count = 1;
        int height = 0;
        for (var field : node.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = where + "/" + key;
            if (REFUSED.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' at " + shown(where) + " is not supported (references must "
                        + "be JSON pointers into the schema, such as #/$defs/name)");
            }
            if (key.equals("$schema") && node != root) {
                throw new IllegalArgumentException("'$schema' is only allowed at the schema's root, not at " + shown(where));
            }
            if (key.equals("$ref")) {
                JsonNode target = target(value, where);
                count = add(count, walk(target, at, depth + 1));
                height = Math.max(height, heights.get(target));
            } else if (ONE_SCHEMA.contains(key) || key.equals("items") && value.isObject()) {
                count = add(count, walk(value, at, depth + 1));
                height = Math.max(height, heights.get(value));
            } else if (SCHEMA_LIST.contains(key) || key.equals("items") && value.isArray()) {
                if (!value.isArray()) {
                    throw new IllegalArgumentException("'" + key + "' at " + shown(where) + " must be an array of schemas");
                }
                int i = 0;
                for (JsonNode item : value) {
                    count = add(count, walk(item, at + "/" + i++, depth + 1));
                    height = Math.max(height, heights.get(item));
                }
            } else if (SCHEMA_MAP.contains(key) || key.equals("dependencies") && value.isObject()) {
                if (!value.isObject()) {
                    throw new IllegalArgumentException("'" + key + "' at " + shown(where) + " must be an object of schemas");
                }
                for (var entry : value.properties()) {
                    JsonNode sub = entry.getValue();
                    if (key.equals("dependencies") && sub.isArray()) {
                        continue; // draft-07's property dependencies: names, not a schema
                    }
                    long subschemas = walk(sub, at + "/" + entry.getKey(), depth + 1);
                    // A definition is checked (and counted) where it is referred to, not where it is defined.
                    if (!DEFINITIONS.contains(key)) {
                        count = add(count, subschemas);
                        height = Math.max(height, heights.get(sub));
                    }
                }
            }
            if (count > MAX_SUBSCHEMAS) {
                break; // saturated: the caller refuses it; walking further would be wasted work
            }
        }
        inProgress.remove(node);
        counts.put(node, count);
        heights.put(node, height + 1);
        return count;
    }

    // Locations are made of the schema's own names: shortened, as any echo of a caller's value is.
    private static String shown(String where) {
        return where.length() <= 120 ? where : where.substring(0, 60) + "..." + where.substring(where.length() - 57);
    }

    private static long add(long a, long b) {
        return Math.min(a + b, MAX_SUBSCHEMAS + 1L);
    }

    private JsonNode target(JsonNode ref, String where) {
        String text = ref.isTextual() ? ref.asText() : null;
        if (text == null || !(text.equals("#") || text.startsWith("#/"))) {
            throw new IllegalArgumentException("the reference '" + (text == null ? ref.toString() : text) + "' at "
                    + shown(where) + " is not local (only #/$defs/... references are supported)");
        }
        String pointer;
        try {
            pointer = URLDecoder.decode(text.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the reference '" + text + "' at " + shown(where) + " is not a valid URI "
                    + "fragment");
        }
        JsonNode target;
        try {
            target = root.at(pointer);
        } catch (IllegalArgumentException e) {
            target = null;
        }
        if (target == null || target.isMissingNode()) {
            throw new IllegalArgumentException("the reference '" + text + "' at " + shown(where) + " refers to nothing in "
                    + "the schema");
        }
        return target;
    }
}
