package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the inference parameters of a native {@code InvokeModel} body and checks them as Bedrock does before any
 * model sees them: by a JSON schema per model family, whose violations Bedrock reports as {@code Malformed input
 * request: #/max_tokens: -5 is not greater or equal to 1, please reformat your input and try again.} Every
 * violation is collected; {@link #check} throws them at once. A field that is absent reads as null (the model's
 * default); a field of the wrong type or out of bounds is never read as some other value; a member the
 * family's request does not have is refused as Bedrock refuses it, and one Bedrock has but Outcrop does not
 * serve is refused by name.
 */
final class NativeFields {
    /** The largest token count any field may carry: a 32-bit count, never wrapped. */
    static final long MAX_COUNT = Integer.MAX_VALUE;

    private static final int MAX_SHOWN = 64;

    private final List<String> violations = new ArrayList<>();
    private final List<String> unserved = new ArrayList<>();

    /**
     * Refuses, as Bedrock's schema does, every member of {@code object} (at {@code pointer}) that the family's
     * request does not have: {@code #: extraneous key [stream] is not permitted}. Nothing a caller sends is
     * dropped unread.
     */
    void allowOnly(JsonNode object, String pointer, Set<String> members) {
        if (object == null || !object.isObject()) {
            return;
        }
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.contains(name)) {
                violations.add(pointer + ": extraneous key [" + shown(name) + "] is not permitted");
            }
        }
    }

    /**
     * Refuses the members of {@code object} that Bedrock's request for the family has but Outcrop does not
     * serve, naming each, rather than answer as if they had not been sent.
     */
    void unserved(JsonNode object, String pointer, Set<String> members) {
        if (object == null || !object.isObject()) {
            return;
        }
        for (String name : members) {
            if (object.has(name)) {
                unserved.add(pointer + "/" + name);
            }
        }
    }

    /** Applies {@link #allowOnly} to each object element of the array {@code parent.name}. */
    void allowOnlyInEach(JsonNode parent, String pointer, String name, Set<String> members) {
        JsonNode array = parent.path(name);
        for (int i = 0; i < array.size(); i++) {
            allowOnly(array.get(i), pointer + "/" + name + "/" + i, members);
        }
    }

    /**
     * An integer field of {@code parent} (at JSON pointer {@code pointer}, e.g. {@code #/inferenceConfig}) in
     * {@code min..max}, or null when absent (or when {@code required}, a violation).
     */
    Integer integer(JsonNode parent, String pointer, String name, long min, long max, boolean required) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                violations.add(pointer + ": required key [" + name + "] not found");
            }
            return null;
        }
        String at = pointer + "/" + name;
        if (!value.isIntegralNumber()) {
            violations.add(at + ": expected type: Integer, found: " + jsonType(value));
            return null;
        }
        if (!inBounds(value.decimalValue(), at, BigDecimal.valueOf(min), BigDecimal.valueOf(max), value.asText())) {
            return null;
        }
        return value.intValue();
    }

    /** A number field of {@code parent} in {@code min..max}, or null when absent. */
    Double number(JsonNode parent, String pointer, String name, double min, double max) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        String at = pointer + "/" + name;
        if (!value.isNumber()) {
            violations.add(at + ": expected type: Number, found: " + jsonType(value));
            return null;
        }
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            violations.add(at + ": " + value.asText() + " is not less or equal to " + plain(BigDecimal.valueOf(max)));
            return null;
        }
        if (!inBounds(value.decimalValue(), at, BigDecimal.valueOf(min), BigDecimal.valueOf(max), value.asText())) {
            return null;
        }
        return value.doubleValue();
    }

    /** A list of strings (or one string), empty when absent. */
    List<String> strings(JsonNode parent, String pointer, String name) {
        JsonNode value = parent.get(name);
        List<String> strings = new ArrayList<>();
        if (value == null || value.isNull()) {
            return strings;
        }
        if (value.isTextual()) {
            strings.add(value.asText());
            return strings;
        }
        if (!value.isArray()) {
            violations.add(pointer + "/" + name + ": expected type: JSONArray, found: " + jsonType(value));
            return strings;
        }
        int index = 0;
        for (JsonNode element : value) {
            if (element.isTextual()) {
                strings.add(element.asText());
            } else {
                violations.add(pointer + "/" + name + "/" + index + ": expected type: String, found: " + jsonType(element));
            }
            index++;
        }
        return strings;
    }

    /**
     * Throws Bedrock's refusal of a native body when a field was out of place.
     *
     * @throws ValidationException naming every violation
     */
    void check() {
        if (violations.isEmpty() && !unserved.isEmpty()) {
            throw new ValidationException("Outcrop does not serve " + String.join(", ", unserved)
                    + " of this model's native request body; remove " + (unserved.size() == 1 ? "it" : "them")
                    + " and try again.");
        }
        if (violations.isEmpty()) {
            return;
        }
        String found = violations.size() == 1 ? violations.getFirst()
                : violations.size() + " schema violations found: " + String.join("; ", violations);
        throw new ValidationException("Malformed input request: " + found + ", please reformat your input and try again.");
    }

    private static String shown(String name) {
        return name.length() > MAX_SHOWN ? name.substring(0, MAX_SHOWN) + "..." : name;
    }

    private boolean inBounds(BigDecimal value, String at, BigDecimal min, BigDecimal max, String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        if (value.compareTo(min) < 0) {
            violations.add(at + ": " + shown + " is not greater or equal to " + plain(min));
            return false;
        }
        if (value.compareTo(max) > 0) {
            violations.add(at + ": " + shown + " is not less or equal to " + plain(max));
            return false;
        }
        return true;
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    /** The JSON schema validator's names of JSON types, as Bedrock's messages show them. */
    private static String jsonType(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "String";
            case BOOLEAN -> "Boolean";
            case OBJECT -> "JSONObject";
            case ARRAY -> "JSONArray";
            case NUMBER -> value.isIntegralNumber() ? "Integer" : "BigDecimal";
            default -> "Null";
        };
    }
}
