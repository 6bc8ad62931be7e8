package dev.outcrop.server.smithy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.SerializationException;
import dev.outcrop.error.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an input value against its Smithy shape and reports every violation at once, in the words AWS
 * services use: {@code 1 validation error detected: Value '-1' at 'inferenceConfig.maxTokens' failed to
 * satisfy constraint: Member must have value greater than or equal to 1}.
 *
 * <p>Paths follow AWS: members joined by {@code .}, list elements as {@code tags.1.member} (1-based),
 * map values by key. Values of {@code @sensitive} members are never echoed.
 */
public final class InputValidator {
    private static final String REDACTED = "*** Sensitive Data Redacted ***";
    private static final int MAX_ECHOED_CHARS = 256;

    private final SmithyModel model;

    /** Creates a validator over a compiled model. */
    public InputValidator(SmithyModel model) {
        this.model = model;
    }

    /**
     * Validates {@code input} against the structure {@code shapeId}.
     *
     * @throws ValidationException listing every violation
     */
    public void validate(String shapeId, JsonNode input) {
        throwIfAny(violations(shapeId, input, Set.of()));
    }

    /**
     * Every violation of {@code input} against the structure {@code shapeId}, skipping the top-level
     * members named in {@code skipped} (a blob payload that travels outside the JSON).
     */
    public List<String> violations(String shapeId, JsonNode input, Set<String> skipped) {
        List<String> errors = new ArrayList<>();
        Shape.Aggregate shape = (Shape.Aggregate) model.shape(shapeId);
        if (!skipped.isEmpty()) {
            Map<String, Member> members = new java.util.LinkedHashMap<>(shape.members());
            members.keySet().removeAll(skipped);
            shape = new Shape.Aggregate(shape.id(), shape.union(), members, shape.constraints());
        }
        validateAggregate(shape, input, "", errors);
        return errors;
    }

    /** Throws the AWS-style validation error for {@code errors}, if there are any. */
    public static void throwIfAny(List<String> errors) {
        if (!errors.isEmpty()) {
            throw failure(errors);
        }
    }

    /** The AWS-style validation error for one or more violations: {@code 1 validation error detected: ...}. */
    public static ValidationException failure(List<String> errors) {
        String count = errors.size() == 1 ? "1 validation error detected: "
                : errors.size() + " validation errors detected: ";
        return new ValidationException(count + String.join("; ", errors));
    }

    /**
     * One violation as AWS words it: {@code Value 'x' at 'path' failed to satisfy constraint: ...}, the value
     * shortened when long, {@code null} when absent.
     */
    public static String violation(String value, String path, String constraint) {
        return message(value, path, constraint, false);
    }

    private void validateValue(Member member, JsonNode value, String path, List<String> errors) {
        Shape shape = model.shape(member.target());
        Constraints constraints = shape.constraints().overriddenBy(member.constraints());
        switch (shape) {
            case Shape.Aggregate aggregate -> {
                if (!value.isObject()) {
                    errors.add(typeError(path, aggregate.union() ? "a union object" : "an object"));
                    return;
                }
                validateAggregate(aggregate, value, path, errors);
            }
            case Shape.ListShape list -> {
                if (!value.isArray()) {
                    errors.add(typeError(path, "a list"));
                    return;
                }
                checkLength(value.size(), value, path, constraints, errors);
                int index = 1;
                for (JsonNode element : value) {
                    String elementPath = path + '.' + index++ + ".member";
                    if (element.isNull()) {
                        errors.add(message(null, elementPath, "Member must not be null", false));
                    } else {
                        validateValue(list.member(), element, elementPath, errors);
                    }
                }
            }
            case Shape.MapShape map -> {
                if (!value.isObject()) {
                    errors.add(typeError(path, "a map"));
                    return;
                }
                checkLength(value.size(), value, path, constraints, errors);
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    validateScalar(map.key(), Shape.Kind.STRING, com.fasterxml.jackson.databind.node.TextNode
                            .valueOf(entry.getKey()), path, errors);
                    if (!entry.getValue().isNull()) {
                        validateValue(map.value(), entry.getValue(), path + '.' + entry.getKey(), errors);
                    }
                }
            }
            case Shape.Simple simple -> validateSimple(simple, constraints, value, path, errors);
        }
    }

    private void validateScalar(Member member, Shape.Kind kind, JsonNode value, String path, List<String> errors) {
        Shape shape = model.shape(member.target());
        validateSimple(new Shape.Simple(shape.id(), kind, Constraints.NONE),
                shape.constraints().overriddenBy(member.constraints()), value, path, errors);
    }

    private void validateAggregate(Shape.Aggregate shape, JsonNode value, String path, List<String> errors) {
        int set = 0;
        for (Member member : shape.members().values()) {
            JsonNode child = value.get(member.name());
            String childPath = path.isEmpty() ? member.name() : path + '.' + member.name();
            if (child == null || child.isNull()) {
                if (member.required() && !shape.union()) {
                    errors.add(message(null, childPath, "Member must not be null", false));
                }
                continue;
            }
            set++;
            validateValue(member, child, childPath, errors);
        }
        if (shape.union() && set != 1) {
            String members = String.join(", ", shape.members().keySet());
            errors.add("Value at '" + path + "' failed to satisfy constraint: Member must have exactly one of "
                    + "its members set: [" + members + "]");
        }
    }

    private static void validateSimple(Shape.Simple shape, Constraints constraints, JsonNode value, String path,
                                       List<String> errors) {
        switch (shape.kind()) {
            case STRING -> {
                if (!value.isTextual()) {
                    errors.add(typeError(path, "a string"));
                    return;
                }
                String text = value.asText();
                if (constraints.enumValues() != null && !constraints.enumValues().contains(text)) {
                    errors.add(message(text, path, "Member must satisfy enum value set: "
                            + constraints.enumValues(), constraints.sensitive()));
                    return;
                }
                // A value of the wrong length is not matched against the pattern: AWS reports the length alone, and
                // a value far longer than allowed is never handed to a regular expression.
                boolean lengthFits = checkLength(text.codePointCount(0, text.length()), value, path, constraints, errors);
                if (lengthFits && constraints.pattern() != null && !constraints.pattern().matches(text)) {
                    errors.add(message(text, path, "Member must satisfy regular expression pattern: "
                            + constraints.pattern().regex(), constraints.sensitive()));
                }
            }
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    errors.add(typeError(path, "an integer"));
                    return;
                }
                requireFits(shape.number(), value, path, constraints.sensitive());
                checkRange(value.decimalValue(), value, path, constraints, errors);
            }
            case FLOAT -> {
                if (!value.isNumber()) {
                    errors.add(typeError(path, "a number"));
                    return;
                }
                requireFits(shape.number(), value, path, constraints.sensitive());
                checkRange(value.decimalValue(), value, path, constraints, errors);
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    errors.add(typeError(path, "a boolean"));
                }
            }
            case BLOB -> {
                if (!value.isTextual()) {
                    errors.add(typeError(path, "a base64-encoded string"));
                    return;
                }
                try {
                    Base64.getDecoder().decode(value.asText());
                } catch (IllegalArgumentException e) {
                    errors.add(typeError(path, "a base64-encoded string"));
                }
            }
            case TIMESTAMP -> {
                if (!value.isTextual() && !value.isNumber()) {
                    errors.add(typeError(path, "a timestamp"));
                }
            }
            case DOCUMENT, UNIT -> { } // any JSON value
        }
    }

    /** Adds the violation of a {@code @length} constraint, if any; whether the length fits. */
    private static boolean checkLength(long length, JsonNode value, String path, Constraints constraints,
                                       List<String> errors) {
        if (constraints.minLength() != null && length < constraints.minLength()) {
            errors.add(message(echo(value), path, "Member must have length greater than or equal to "
                    + constraints.minLength(), constraints.sensitive()));
            return false;
        }
        if (constraints.maxLength() != null && length > constraints.maxLength()) {
            errors.add(message(echo(value), path, "Member must have length less than or equal to "
                    + constraints.maxLength(), constraints.sensitive()));
            return false;
        }
        return true;
    }

    /**
     * Refuses a number its member's type cannot hold, as AWS's restJson1 servers do: the input cannot be read, so
     * this is a {@link SerializationException} before any validation, never a value that wraps (2147483648 read
     * as an {@code integer} would be negative) and slips past {@code @range}.
     */
    private static void requireFits(NumberType type, JsonNode value, String path, boolean sensitive) {
        if (type == null || type.holds(value)) {
            return;
        }
        String text = value.asText();
        String shown = sensitive ? REDACTED
                : text.length() > MAX_ECHOED_CHARS ? text.substring(0, MAX_ECHOED_CHARS) + "..." : text;
        throw new SerializationException("Value '" + shown + "' at '" + path + "' cannot be read as "
                + type.article() + ": " + type.article() + " must be " + type.bounds() + ".");
    }

    private static void checkRange(BigDecimal number, JsonNode value, String path, Constraints constraints,
                                   List<String> errors) {
        if (constraints.min() != null && number.compareTo(constraints.min()) < 0) {
            errors.add(message(value.asText(), path, "Member must have value greater than or equal to "
                    + plain(constraints.min()), constraints.sensitive()));
        } else if (constraints.max() != null && number.compareTo(constraints.max()) > 0) {
            errors.add(message(value.asText(), path, "Member must have value less than or equal to "
                    + plain(constraints.max()), constraints.sensitive()));
        }
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static String echo(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String typeError(String path, String expected) {
        return "Value at '" + path + "' failed to satisfy constraint: Member must be " + expected;
    }

    private static String message(String value, String path, String constraint, boolean sensitive) {
        String shown;
        if (value == null) {
            shown = "null";
        } else if (sensitive) {
            shown = "'" + REDACTED + "'";
        } else {
            shown = "'" + (value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "..." : value) + "'";
        }
        return "Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint;
    }
}
