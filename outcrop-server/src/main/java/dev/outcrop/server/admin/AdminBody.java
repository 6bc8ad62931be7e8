package dev.outcrop.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.server.smithy.InputValidator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON body of an admin call, read strictly: an object (an empty body is {@code {}}) whose members are
 * all known to the call, each of its JSON type and within its bounds. Anything else is a 400
 * {@code ValidationException} naming the member, never a default: {@code {"Status":"Inactive"}} or
 * {@code {"status":"INACTIVE"}} must not leave an access key active, nor {@code {"days":"abc"}} make a key
 * of the default lifetime.
 */
public final class AdminBody {
    private final JsonNode body;

    private AdminBody(JsonNode body) {
        this.body = body;
    }

    /**
     * Reads {@code bytes} as a body that may have only {@code members}.
     *
     * @throws ValidationException for a body that is not one JSON object, or has another member
     */
    public static AdminBody parse(byte[] bytes, String... members) {
        JsonNode body = object(bytes);
        Set<String> known = Set.of(members);
        for (var field : body.properties()) {
            if (!known.contains(field.getKey())) {
                throw new ValidationException("The request body has an unknown member '" + field.getKey() + "'"
                        + (known.isEmpty() ? "; it takes none." : "; its members are " + new TreeSet<>(known) + "."));
            }
        }
        return new AdminBody(body);
    }

    /**
     * Reads {@code bytes} as one JSON object (an empty body is {@code {}}), a member repeated refused, for a
     * resource whose body is a document of its own (read by its own strict reader).
     *
     * @throws ValidationException for a body that is not one JSON object
     */
    public static JsonNode object(byte[] bytes) {
        JsonNode body;
        if (bytes.length == 0) {
            body = Json.mapper().createObjectNode();
        } else {
            try {
                body = Json.readStrict(bytes);
            } catch (Json.RepeatedMember e) {
                throw InputValidator.failure(List.of(e.violation()));
            } catch (IOException e) {
                body = null;
            }
        }
        if (body == null || !body.isObject()) {
            throw new ValidationException("The request body must be a JSON object.");
        }
        return body;
    }

    /** A string member that must be present and not blank. */
    public String requiredString(String member) {
        String value = optionalString(member);
        if (value == null) {
            throw error(null, member, "Member must not be null");
        }
        if (value.isBlank()) {
            throw error(value, member, "Member must not be blank");
        }
        return value;
    }

    /** A string member, or null when absent. */
    public String optionalString(String member) {
        JsonNode value = body.get(member);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw error(shown(value), member, "Member must be a string");
        }
        return value.textValue();
    }

    /** A member that must be exactly one of {@code allowed} (case-sensitive). */
    public String requiredEnum(String member, List<String> allowed) {
        String value = optionalString(member);
        if (value == null) {
            throw error(null, member, "Member must not be null");
        }
        if (!allowed.contains(value)) {
            throw error(value, member, "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    /** An optional member that, when present, must be exactly one of {@code allowed}. */
    public String optionalEnum(String member, List<String> allowed, String fallback) {
        return body.has(member) ? requiredEnum(member, allowed) : fallback;
    }

    /**
     * An integer member in {@code [min, max]}, or {@code fallback} when absent. A JSON string, a fraction or
     * an exponent form ({@code 1e15}) is not an integer.
     */
    public long optionalLong(String member, long min, long max, long fallback) {
        JsonNode value = body.get(member);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw error(shown(value), member, "Member must be an integer");
        }
        BigInteger number = value.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(min)) < 0) {
            throw error(shown(value), member, "Member must have value greater than or equal to " + min);
        }
        if (number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw error(shown(value), member, "Member must have value less than or equal to " + max);
        }
        return number.longValueExact();
    }

    /** A number member strictly between 0 and 1, or null when absent. A JSON string is not a number. */
    public Double optionalFraction(String member) {
        JsonNode value = body.get(member);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !(value.doubleValue() > 0 && value.doubleValue() < 1)) {
            throw error(shown(value), member, "Member must be a number greater than 0 and less than 1");
        }
        return value.doubleValue();
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /** The one-violation ValidationException, worded by {@link InputValidator} as every other input error is. */
    public static ValidationException error(String value, String member, String constraint) {
        return InputValidator.failure(List.of(InputValidator.violation(value, member, constraint)));
    }
}
