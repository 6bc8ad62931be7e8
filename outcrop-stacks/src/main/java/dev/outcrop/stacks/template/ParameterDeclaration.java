package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One declared parameter: its type and constraints.
 *
 * @param type {@code String}, {@code Number}, {@code List<Number>}, {@code CommaDelimitedList}, an
 *        {@code AWS::SSM::Parameter::...} type or an AWS-specific type (checked as a string)
 * @param defaultValue the default, or null
 * @param allowedValues empty when any value is allowed
 */
public record ParameterDeclaration(String name, String type, String defaultValue, List<String> allowedValues,
                                   com.google.re2j.Pattern allowedPattern, Integer minLength, Integer maxLength, BigDecimal minValue,
                                   BigDecimal maxValue, boolean noEcho, String description,
                                   String constraintDescription) {
    private static final Set<String> KEYS = Set.of("Type", "Default", "AllowedValues", "AllowedPattern", "MinLength",
            "MaxLength", "MinValue", "MaxValue", "NoEcho", "Description", "ConstraintDescription");
    private static final Pattern SSM_VALUE = Pattern.compile("AWS::SSM::Parameter::Value<(.+)>");
    private static final Pattern AWS_SPECIFIC = Pattern.compile("(List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)?>?");

    /** Copies the list. */
    public ParameterDeclaration {
        allowedValues = List.copyOf(allowedValues);
    }

    /** Whether the value is a list (a comma-delimited text given, a list referenced). */
    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<")
                || SSM_VALUE.matcher(type).matches() && SSM_VALUE.matcher(type).replaceAll("$1").startsWith("List<")
                || type.equals("AWS::SSM::Parameter::Value<CommaDelimitedList>");
    }

    /** Whether the given value names an SSM parameter whose value is the parameter's value. */
    public boolean isSsmValue() {
        return SSM_VALUE.matcher(type).matches();
    }

    static ParameterDeclaration of(String name, JsonNode node) {
        String where = "Parameters." + name;
        if (!node.isObject()) {
            throw Template.format(where + " must be a map");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw Template.format("Invalid template parameter property '" + key + "' in " + where);
            }
        });
        if (!node.path("Type").isTextual()) {
            throw Template.format(where + ": every parameter needs a Type");
        }
        String type = node.get("Type").asText();
        if (!type.equals("String") && !type.equals("Number") && !type.equals("List<Number>")
                && !type.equals("CommaDelimitedList") && !type.equals("AWS::SSM::Parameter::Name")
                && !SSM_VALUE.matcher(type).matches() && !AWS_SPECIFIC.matcher(type).matches()) {
            throw Template.format("Unrecognized parameter type: " + type + " (" + where + ")");
        }
        List<String> allowed = new ArrayList<>();
        JsonNode allowedNode = node.get("AllowedValues");
        if (allowedNode != null) {
            if (!allowedNode.isArray()) {
                throw Template.format(where + ".AllowedValues must be a list");
            }
            allowedNode.forEach(v -> allowed.add(scalar(where + ".AllowedValues", v)));
        }
        com.google.re2j.Pattern pattern = node.has("AllowedPattern") ? AllowedPattern.compile(
                where + ".AllowedPattern", scalar(where + ".AllowedPattern", node.get("AllowedPattern"))) : null;
        Integer minLength = integer(where, node, "MinLength");
        Integer maxLength = integer(where, node, "MaxLength");
        if (minLength != null && maxLength != null && minLength > maxLength) {
            throw Template.format(where + ": MinLength " + minLength + " is greater than MaxLength " + maxLength);
        }
        BigDecimal minValue = number(where, node, "MinValue");
        BigDecimal maxValue = number(where, node, "MaxValue");
        if (minValue != null && maxValue != null && minValue.compareTo(maxValue) > 0) {
            throw Template.format(where + ": MinValue " + ParameterNumber.shown(minValue) + " is greater than "
                    + "MaxValue " + ParameterNumber.shown(maxValue));
        }
        JsonNode noEcho = node.get("NoEcho");
        return new ParameterDeclaration(name, type,
                node.has("Default") ? defaultText(where, node.get("Default")) : null, allowed, pattern,
                minLength, maxLength, minValue, maxValue, noEcho != null && noEcho.asText().equalsIgnoreCase("true"),
                node.path("Description").asText(null), node.path("ConstraintDescription").asText(null));
    }

    private static String defaultText(String where, JsonNode value) {
        if (value.isArray()) { // a list default is written as its comma-delimited text
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(scalar(where + ".Default", v)));
            return String.join(",", items);
        }
        return scalar(where + ".Default", value);
    }

    private static String scalar(String where, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw Template.format(where + " must be a string or a number");
        }
        return value.asText();
    }

    private static Integer integer(String where, JsonNode node, String key) {
        BigDecimal value = number(where, node, key);
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0
                || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw Template.format(where + "." + key + " must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return value.intValueExact();
    }

    private static BigDecimal number(String where, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        BigDecimal number = value.isValueNode() ? ParameterNumber.parse(value.asText()) : null;
        if (number == null) {
            throw Template.format(where + "." + key + " must be a number of at most " + ParameterNumber.MAX_CHARS
                    + " characters");
        }
        return number;
    }
}
