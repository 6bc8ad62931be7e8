package dev.outcrop.server.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * An operation's input after binding and validation: every member, wherever it travelled (path, query,
 * header, JSON body), as one JSON object; a blob payload separately, as raw bytes.
 *
 * @param members the input members by name
 * @param payload the raw {@code @httpPayload} blob, or null when the operation has none
 */
public record OperationInput(ObjectNode members, byte[] payload) {
    /** Checks the members. */
    public OperationInput {
        requireNonNull(members, "members");
    }

    /** A required string member (validation has ensured it is there). */
    public String string(String name) {
        JsonNode value = members.get(name);
        if (value == null || value.isNull()) {
            throw new ValidationException("1 validation error detected: Value null at '" + name
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    /** An optional string member, or null. */
    public String optionalString(String name) {
        JsonNode value = members.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** An optional integer member, or null. */
    public Integer optionalInt(String name) {
        JsonNode value = members.get(name);
        return value == null || value.isNull() ? null : value.intValue();
    }

    /** A list of strings, empty when absent. */
    public List<String> strings(String name) {
        List<String> values = new ArrayList<>();
        members.path(name).forEach(v -> values.add(v.asText()));
        return values;
    }

    /** A member as a JSON node (a missing node when absent). */
    public JsonNode node(String name) {
        return members.path(name);
    }
}
