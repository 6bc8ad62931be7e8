package dev.outcrop.stacks.template;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.util.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the intrinsic functions of a template value: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap}, {@code Fn::If}, the condition
 * functions, the rule functions {@code Fn::Contains}, {@code Fn::EachMemberEquals}, {@code Fn::EachMemberIn},
 * {@code Fn::Base64}, {@code Fn::GetAZs} and {@code Fn::ImportValue}.
 *
 * <p>A value that evaluates to {@code AWS::NoValue} is {@link MissingNode}: a map drops the key, a list the
 * item. Every error names where in the template it happened.
 */
public final class Intrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a template's names of resources, conditions and exports resolve to. */
    public interface References {
        /** {@code Ref} of a resource: its physical id; empty when no resource has that logical id. */
        Optional<JsonNode> resource(String logicalId, String where);

        /** {@code Fn::GetAtt} of a resource. */
        JsonNode attribute(String logicalId, String attribute, String where);

        /** The value of a condition. */
        boolean condition(String name, String where);

        /** The value another stack exported under {@code name}. */
        JsonNode importValue(String name, String where);
    }

    private final ObjectNode mappings;
    private final Map<String, JsonNode> parameters;
    private final PseudoParameters pseudo;
    private final References references;
    /** The bytes the functions of this evaluator produced so far, bounded by {@link Limits#MAX_RESOLVED_BYTES}. */
    private long produced;

    /** Creates an evaluator over a stack's parameters and what its references resolve to. */
    public Intrinsics(ObjectNode mappings, Map<String, JsonNode> parameters, PseudoParameters pseudo,
                      References references) {
        this.mappings = requireNonNull(mappings, "mappings");
        this.parameters = requireNonNull(parameters, "parameters");
        this.pseudo = requireNonNull(pseudo, "pseudo");
        this.references = requireNonNull(references, "references");
    }

    /** The value of {@code node} with every function evaluated; {@code where} is its path, for errors. */
    public JsonNode evaluate(JsonNode node, String where) {
        return evaluate(node, where, 0);
    }

    /** The value of a condition expression ({@code Fn::Equals}, {@code Condition}, ...). */
    public boolean condition(JsonNode node, String where) {
        return bool(conditionValue(node, where, 0), where);
    }

    private JsonNode evaluate(JsonNode node, String where, int depth) {
        if (depth > Limits.MAX_DEPTH) {
            throw error(where, "the value nests deeper than " + Limits.MAX_DEPTH + " levels");
        }
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return function(key, node.get(key), where + "." + key, depth + 1);
            }
        }
        if (node.isObject()) {
            ObjectNode result = NODES.objectNode();
            node.properties().forEach(e -> {
                JsonNode value = evaluate(e.getValue(), where + "." + e.getKey(), depth + 1);
                if (!value.isMissingNode()) {
                    result.set(e.getKey(), value);
                }
            });
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = evaluate(node.get(i), where + "[" + i + "]", depth + 1);
                if (!value.isMissingNode()) {
                    result.add(value);
                }
            }
            return result;
        }
        return node;
    }

    private JsonNode function(String name, JsonNode args, String where, int depth) {
        return charged(call(name, args, where, depth), where);
    }

    /**
     * Counts what a function gave against this evaluator's budget: a reference repeated many times (a 4 KB
     * parameter in every item of a long list, a joined string joined again) costs nothing in the template's text
     * but all of it in what is stored and sent, so the total is bounded, not only each string.
     */
    private JsonNode charged(JsonNode value, String where) {
        produced += size(value, Limits.MAX_RESOLVED_BYTES - produced + 1);
        if (produced > Limits.MAX_RESOLVED_BYTES) {
            throw error(where, "the template's functions resolve to more than " + Limits.MAX_RESOLVED_BYTES
                    + " bytes");
        }
        return value;
    }

    /** The UTF-8 size of a value's texts, counted no further than {@code atMost}. */
    private static long size(JsonNode value, long atMost) {
        if (value.isValueNode()) {
            return value.isTextual() ? Utf8.length(value.textValue()) : value.asText().length();
        }
        long total = 0;
        for (var entries = value.properties().iterator(); entries.hasNext() && total <= atMost; ) {
            var entry = entries.next();
            total += entry.getKey().length() + size(entry.getValue(), atMost - total);
        }
        for (int i = 0; i < value.size() && value.isArray() && total <= atMost; i++) {
            total += size(value.get(i), atMost - total);
        }
        return total;
    }

    /** A string a function made, refused past {@link Limits#MAX_RESOLVED_STRING_BYTES}. */
    private static JsonNode string(String name, CharSequence text, String where) {
        checkString(name, text, where);
        return NODES.textNode(text.toString());
    }

    private static void checkString(String name, CharSequence text, String where) {
        if (text.length() > Limits.MAX_RESOLVED_STRING_BYTES || Utf8.length(text) > Limits.MAX_RESOLVED_STRING_BYTES) {
            throw tooLong(name, where);
        }
    }

    private static ValidationException tooLong(String name, String where) {
        return error(where, name + " resolves to a string longer than " + Limits.MAX_RESOLVED_STRING_BYTES + " bytes");
    }

    private JsonNode call(String name, JsonNode args, String where, int depth) {
        return switch (name) {
            case "Ref" -> ref(args, where);
            case "Fn::GetAtt" -> getAtt(args, where, depth);
            case "Fn::Join" -> join(args, where, depth);
            case "Fn::Sub" -> sub(args, where, depth);
            case "Fn::Select" -> select(args, where, depth);
            case "Fn::Split" -> split(args, where, depth);
            case "Fn::FindInMap" -> findInMap(args, where, depth);
            case "Fn::If" -> ifThen(args, where, depth);
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Contains", "Fn::EachMemberEquals",
                 "Fn::EachMemberIn" -> NODES.booleanNode(bool(conditionFunction(name, args, where, depth), where));
            case "Fn::Base64" -> string(name, Base64.getEncoder().encodeToString(
                    text(evaluate(args, where, depth), where).getBytes(StandardCharsets.UTF_8)), where);
            case "Fn::GetAZs" -> getAzs(args, where, depth);
            case "Fn::ImportValue" -> {
                JsonNode exportName = evaluate(args, where, depth);
                if (!exportName.isTextual()) {
                    throw error(where, "Fn::ImportValue needs the name of an export");
                }
                yield references.importValue(exportName.asText(), where);
            }
            default -> throw error(where, "the function " + name + " is not supported by Outcrop");
        };
    }

    private JsonNode ref(JsonNode args, String where) {
        if (!args.isTextual()) {
            throw error(where, "Ref needs the name of a parameter, a pseudo parameter or a resource");
        }
        String name = args.asText();
        JsonNode parameter = parameters.get(name);
        if (parameter != null) {
            return parameter;
        }
        return pseudo.value(name).or(() -> references.resource(name, where)).orElseThrow(() ->
                error(where, "Unresolved resource dependencies [" + name + "] in the Resources block of the template"));
    }

    private JsonNode getAtt(JsonNode args, String where, int depth) {
        JsonNode list = args.isTextual() && args.asText().indexOf('.') > 0
                ? NODES.arrayNode().add(args.asText().substring(0, args.asText().indexOf('.')))
                        .add(args.asText().substring(args.asText().indexOf('.') + 1))
                : args;
        if (!list.isArray() || list.size() != 2 || !list.get(0).isTextual()) {
            throw error(where, "Fn::GetAtt needs [LogicalId, AttributeName]");
        }
        JsonNode attribute = evaluate(list.get(1), where, depth);
        if (!attribute.isTextual()) {
            throw error(where, "the attribute name of Fn::GetAtt must be a string");
        }
        return references.attribute(list.get(0).asText(), attribute.asText(), where);
    }

    private JsonNode join(JsonNode args, String where, int depth) {
        if (!args.isArray() || args.size() != 2 || !args.get(0).isTextual()) {
            throw error(where, "every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list "
                    + "of strings to be joined or a function that returns a list of strings to be joined");
        }
        JsonNode items = evaluate(args.get(1), where, depth);
        if (!items.isArray()) {
            throw error(where, "the second parameter of Fn::Join must be a list of strings");
        }
        List<String> texts = new ArrayList<>();
        long length = 0;
        for (JsonNode item : items) {
            String text = text(item, where);
            length += text.length() + args.get(0).asText().length();
            if (length > Limits.MAX_RESOLVED_STRING_BYTES) { // refused before a string that large is made
                throw tooLong("Fn::Join", where);
            }
            texts.add(text);
        }
        return string("Fn::Join", String.join(args.get(0).asText(), texts), where);
    }

    private JsonNode sub(JsonNode args, String where, int depth) {
        String template;
        ObjectNode variables = NODES.objectNode();
        if (args.isTextual()) {
            template = args.asText();
        } else if (args.isArray() && args.size() == 2 && args.get(0).isTextual() && args.get(1).isObject()) {
            template = args.get(0).asText();
            args.get(1).properties().forEach(e -> variables.set(e.getKey(),
                    evaluate(e.getValue(), where + "." + e.getKey(), depth + 1)));
        } else {
            throw error(where, "Fn::Sub needs a string, or [string, {variable: value, ...}]");
        }
        StringBuilder result = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int start = template.indexOf("${", at);
            if (start < 0) {
                result.append(template, at, template.length());
                break;
            }
            result.append(template, at, start);
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw error(where, "Fn::Sub: '${' without its '}'");
            }
            String name = template.substring(start + 2, end);
            if (name.startsWith("!")) { // ${!Literal} is the text ${Literal}
                result.append("${").append(name.substring(1)).append('}');
            } else {
                result.append(text(subVariable(name.strip(), variables, where), where));
            }
            if (result.length() > Limits.MAX_RESOLVED_STRING_BYTES) {
                throw tooLong("Fn::Sub", where);
            }
            at = end + 1;
        }
        return string("Fn::Sub", result, where);
    }

    private JsonNode subVariable(String name, ObjectNode variables, String where) {
        if (name.isEmpty()) {
            throw error(where, "Fn::Sub: an empty variable ${}");
        }
        if (variables.has(name)) {
            return variables.get(name);
        }
        int dot = name.indexOf('.');
        if (dot > 0 && !parameters.containsKey(name) && pseudo.value(name).isEmpty()) {
            return references.attribute(name.substring(0, dot), name.substring(dot + 1), where);
        }
        return ref(NODES.textNode(name), where);
    }

    private JsonNode select(JsonNode args, String where, int depth) {
        if (!args.isArray() || args.size() != 2) {
            throw error(where, "Fn::Select needs [index, list]");
        }
        JsonNode index = evaluate(args.get(0), where, depth);
        JsonNode list = evaluate(args.get(1), where, depth);
        int i;
        try {
            i = Integer.parseInt(index.asText());
        } catch (NumberFormatException e) {
            throw error(where, "the index of Fn::Select must be a number, not '" + index.asText() + "'");
        }
        if (!list.isArray()) {
            throw error(where, "the second parameter of Fn::Select must be a list");
        }
        if (i < 0 || i >= list.size()) {
            throw error(where, "Fn::Select cannot select nonexistent value at index " + i + " of a list of "
                    + list.size());
        }
        return list.get(i);
    }

    private JsonNode split(JsonNode args, String where, int depth) {
        if (!args.isArray() || args.size() != 2 || !args.get(0).isTextual() || args.get(0).asText().isEmpty()) {
            throw error(where, "Fn::Split needs [delimiter, string]");
        }
        String source = text(evaluate(args.get(1), where, depth), where);
        ArrayNode parts = NODES.arrayNode();
        String delimiter = args.get(0).asText();
        int at = 0;
        for (int next = source.indexOf(delimiter); next >= 0; next = source.indexOf(delimiter, at)) {
            parts.add(source.substring(at, next));
            at = next + delimiter.length();
        }
        parts.add(source.substring(at));
        return parts;
    }

    private JsonNode findInMap(JsonNode args, String where, int depth) {
        if (!args.isArray() || args.size() != 3) {
            throw error(where, "Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]");
        }
        String map = text(evaluate(args.get(0), where, depth), where);
        String top = text(evaluate(args.get(1), where, depth), where);
        String second = text(evaluate(args.get(2), where, depth), where);
        if (!mappings.has(map)) {
            throw error(where, "Fn::FindInMap: the mapping " + map + " is not in the Mappings section");
        }
        JsonNode value = mappings.get(map).path(top).path(second);
        if (value.isMissingNode()) {
            throw error(where, "Fn::FindInMap: the mapping " + map + " has no key [" + top + "][" + second + "]");
        }
        return value;
    }

    private JsonNode ifThen(JsonNode args, String where, int depth) {
        if (!args.isArray() || args.size() != 3 || !args.get(0).isTextual()) {
            throw error(where, "Fn::If needs [ConditionName, ValueIfTrue, ValueIfFalse]");
        }
        boolean chosen = references.condition(args.get(0).asText(), where);
        return evaluate(args.get(chosen ? 1 : 2), where + (chosen ? "[1]" : "[2]"), depth);
    }

    private JsonNode getAzs(JsonNode args, String where, int depth) {
        String region = text(evaluate(args, where, depth), where);
        String of = region.isEmpty() ? pseudo.region() : region;
        return NODES.arrayNode().add(of + "a").add(of + "b").add(of + "c");
    }

    // ---- conditions

    private JsonNode conditionValue(JsonNode node, String where, int depth) {
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Condition")) {
                if (!node.get(key).isTextual()) {
                    throw error(where, "Condition needs the name of a condition");
                }
                return NODES.booleanNode(references.condition(node.get(key).asText(), where));
            }
            if (key.startsWith("Fn::")) {
                return conditionFunction(key, node.get(key), where + "." + key, depth + 1);
            }
        }
        return evaluate(node, where, depth);
    }

    private JsonNode conditionFunction(String name, JsonNode args, String where, int depth) {
        if (!args.isArray()) {
            throw error(where, name + " needs a list of arguments");
        }
        return switch (name) {
            case "Fn::Equals" -> {
                arity(name, args, 2, 2, where);
                yield NODES.booleanNode(same(evaluate(args.get(0), where, depth), evaluate(args.get(1), where, depth)));
            }
            case "Fn::And", "Fn::Or" -> {
                arity(name, args, 2, 10, where);
                boolean and = name.equals("Fn::And");
                boolean result = and;
                for (int i = 0; i < args.size(); i++) {
                    boolean value = bool(conditionValue(args.get(i), where + "[" + i + "]", depth), where);
                    result = and ? result && value : result || value;
                }
                yield NODES.booleanNode(result);
            }
            case "Fn::Not" -> {
                arity(name, args, 1, 1, where);
                yield NODES.booleanNode(!bool(conditionValue(args.get(0), where + "[0]", depth), where));
            }
            case "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn" -> {
                arity(name, args, 2, 2, where);
                JsonNode list = evaluate(args.get(0), where, depth);
                JsonNode other = evaluate(args.get(1), where, depth);
                if (!list.isArray() || name.equals("Fn::EachMemberIn") && !other.isArray()) {
                    throw error(where, name + " needs a list as its first argument"
                            + (name.equals("Fn::EachMemberIn") ? " and its second" : ""));
                }
                yield NODES.booleanNode(switch (name) {
                    case "Fn::Contains" -> contains(list, other);
                    case "Fn::EachMemberEquals" -> all(list, item -> same(item, other));
                    default -> all(list, item -> contains(other, item));
                });
            }
            default -> throw error(where, name + " is not a condition function");
        };
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (same(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean all(JsonNode list, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : list) {
            if (!test.test(item)) {
                return false;
            }
        }
        return true;
    }

    /** CloudFormation compares scalars as their text: {@code 1} equals {@code "1"}. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }

    private static void arity(String name, JsonNode args, int min, int max, String where) {
        if (args.size() < min || args.size() > max) {
            throw error(where, name + " takes " + (min == max ? Integer.toString(min) : min + " to " + max)
                    + " arguments, not " + args.size());
        }
    }

    private static boolean bool(JsonNode value, String where) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw error(where, "a condition must evaluate to true or false, not " + value);
    }

    /** The text of a scalar, for joining: numbers and booleans as written, lists and maps refused. */
    private static String text(JsonNode value, String where) {
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        throw error(where, "expected a string, but the value is " + (value.isMissingNode() ? "AWS::NoValue" : value));
    }

    /** A template error at {@code where}, in CloudFormation's words. */
    public static ValidationException error(String where, String message) {
        return new ValidationException("Template error: " + message + " (at " + where + ").");
    }
}
