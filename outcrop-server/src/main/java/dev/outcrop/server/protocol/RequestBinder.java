package dev.outcrop.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.smithy.InputValidator;
import dev.outcrop.server.smithy.Member;
import dev.outcrop.server.smithy.Operation;
import dev.outcrop.server.smithy.Shape;
import dev.outcrop.server.smithy.SmithyModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * restJson1 request binding: gathers an operation's input members from the path labels, the query, the
 * headers and the JSON body (or the raw payload) as the Smithy {@code @http*} traits say, then validates
 * the whole input against the model's constraints.
 */
public final class RequestBinder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SmithyModel model;
    private final InputValidator validator;

    /** Creates a binder over a compiled model. */
    public RequestBinder(SmithyModel model) {
        this.model = model;
        this.validator = new InputValidator(model);
    }

    /**
     * Binds and validates the input of {@code operation}.
     *
     * @throws ValidationException listing every violation
     */
    public OperationInput bind(Operation operation, Map<String, String> labels, WireRequest request) {
        Shape inputShape = model.shape(operation.input());
        if (!(inputShape instanceof Shape.Aggregate input)) {
            return new OperationInput(NODES.objectNode(), null);
        }
        List<String> errors = new ArrayList<>();
        byte[] payload = null;
        String payloadMember = null;
        ObjectNode members = null;
        for (Member member : input.members().values()) {
            if (member.binding() == Member.Binding.PAYLOAD) {
                payloadMember = member.name();
                if (model.shape(member.target()) instanceof Shape.Simple simple && simple.kind() == Shape.Kind.BLOB) {
                    payload = request.body();
                } else {
                    members = NODES.objectNode();
                    if (request.body().length > 0) {
                        members.set(member.name(), parseJson(request.body()));
                    }
                    payloadMember = null;
                }
            }
        }
        if (members == null) {
            members = payload != null || request.body().length == 0 ? NODES.objectNode() : parseObject(request.body());
        }
        for (Member member : input.members().values()) {
            switch (member.binding()) {
                case LABEL -> members.put(member.name(), labels.get(member.name()));
                case QUERY -> bindQuery(member, request, members, errors);
                case HEADER -> {
                    String value = request.header(member.bindingName());
                    if (value != null) {
                        members.set(member.name(), scalar(member, value, errors));
                    } else {
                        members.remove(member.name());
                    }
                }
                case BODY, PAYLOAD -> { }
            }
        }
        if (payload != null && payload.length == 0 && input.members().get(payloadMember).required()) {
            errors.add("Value null at '" + payloadMember + "' failed to satisfy constraint: Member must not be null");
        }
        errors.addAll(validator.violations(operation.input(), members,
                payloadMember == null ? Set.of() : Set.of(payloadMember)));
        InputValidator.throwIfAny(errors);
        return new OperationInput(members, payload);
    }

    private void bindQuery(Member member, WireRequest request, ObjectNode members, List<String> errors) {
        List<String> values = request.query().get(member.bindingName());
        members.remove(member.name());
        if (values == null || values.isEmpty()) {
            return;
        }
        if (model.shape(member.target()) instanceof Shape.ListShape list) {
            ArrayNode array = members.putArray(member.name());
            values.forEach(v -> array.add(scalar(list.member(), v, errors)));
        } else {
            members.set(member.name(), scalar(member, values.getFirst(), errors));
        }
    }

    /** Converts a query or header string to the JSON type of the member's target. */
    private JsonNode scalar(Member member, String text, List<String> errors) {
        Shape target = model.shape(member.target());
        Shape.Kind kind = target instanceof Shape.Simple simple ? simple.kind() : Shape.Kind.STRING;
        try {
            return switch (kind) {
                // Read whole, whatever the size: the validator bounds the number by its member's type, so that a
                // value too large for the type is refused as such rather than reported as not a number.
                case INTEGER -> integer(new java.math.BigInteger(text.trim()));
                case FLOAT -> NODES.numberNode(new java.math.BigDecimal(text.trim()));
                case BOOLEAN -> switch (text.trim()) {
                    case "true" -> NODES.booleanNode(true);
                    case "false" -> NODES.booleanNode(false);
                    default -> throw new NumberFormatException(text);
                };
                default -> NODES.textNode(text);
            };
        } catch (NumberFormatException e) {
            errors.add("Value '" + text + "' at '" + member.name() + "' failed to satisfy constraint: Member must be "
                    + (kind == Shape.Kind.BOOLEAN ? "a boolean" : kind == Shape.Kind.INTEGER ? "an integer" : "a number"));
            return NODES.nullNode();
        }
    }

    private static JsonNode integer(java.math.BigInteger value) {
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    private static ObjectNode parseObject(byte[] body) {
        JsonNode node = parseJson(body);
        if (!(node instanceof ObjectNode object)) {
            throw new ValidationException("The request body must be a JSON object.");
        }
        return object;
    }

    private static JsonNode parseJson(byte[] body) {
        try {
            JsonNode node = Json.readStrict(body);
            if (node == null || node.isMissingNode()) {
                throw new ValidationException("The request body is empty; a JSON object was expected.");
            }
            return node;
        } catch (Json.RepeatedMember e) {
            throw InputValidator.failure(List.of(e.violation()));
        } catch (IOException e) {
            throw new ValidationException("The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
