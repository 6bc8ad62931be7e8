package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.error.ValidationException;
import dev.outcrop.util.Utf8;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a stack's parameters: those given, else the defaults, checked against each declaration's
 * type and constraints, with CloudFormation's messages.
 *
 * @param values what {@code Ref} of each parameter gives: a string, or a list of strings
 * @param given the values as text (SSM parameters: the name, not the value), for describing the stack
 */
public record ParameterValues(Map<String, JsonNode> values, Map<String, String> given) {
    /** What a {@code NoEcho} parameter shows. */
    public static final String MASK = "****";

    /** Copies the maps. */
    public ParameterValues {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
    }

    /**
     * Resolves the parameters of {@code template}.
     *
     * @param given values given by name
     * @throws ValidationException naming the parameter that has no value, an unknown parameter, or a value that
     *         breaks a constraint
     */
    public static ParameterValues resolve(Template template, Map<String, String> given, SsmParameters ssm) {
        if (given.size() > Limits.MAX_PARAMETERS) {
            throw new ValidationException("Parameters: " + given.size() + " are given; a template has at most "
                    + Limits.MAX_PARAMETERS + ".");
        }
        List<String> unknown = given.keySet().stream().filter(k -> !template.parameters().containsKey(k)).toList();
        if (!unknown.isEmpty()) {
            throw new ValidationException("Parameters: " + unknown + " do not exist in the template");
        }
        List<String> missing = new ArrayList<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (ParameterDeclaration declaration : template.parameters().values()) {
            String text = given.containsKey(declaration.name()) ? given.get(declaration.name()) : declaration.defaultValue();
            if (text == null) {
                missing.add(declaration.name());
                continue;
            }
            if (Utf8.length(text) > Limits.MAX_PARAMETER_VALUE_BYTES) {
                throw new ValidationException("Parameter '" + declaration.name() + "' has a value longer than the "
                        + "maximum of " + Limits.MAX_PARAMETER_VALUE_BYTES + " bytes.");
            }
            texts.put(declaration.name(), text);
            String value = declaration.isSsmValue() ? ssmValue(declaration, text, ssm) : text;
            values.put(declaration.name(), checked(declaration, value));
        }
        if (!missing.isEmpty()) {
            throw new ValidationException("Parameters: " + missing + " must have values");
        }
        return new ParameterValues(values, texts);
    }

    /** The given values, {@code NoEcho} ones masked. */
    public Map<String, String> shown(Template template) {
        Map<String, String> shown = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            ParameterDeclaration declaration = template.parameters().get(name);
            shown.put(name, declaration != null && declaration.noEcho() ? MASK : value);
        });
        return shown;
    }

    private static String ssmValue(ParameterDeclaration declaration, String name, SsmParameters ssm) {
        return ssm.value(name).orElseThrow(() -> new ValidationException("Unable to fetch parameters [" + name
                + "] from parameter store for this account (parameter " + declaration.name() + "): Outcrop knows "
                + "only /cdk-bootstrap/QUALIFIER/version; give the value itself with a parameter of type String."));
    }

    private static JsonNode checked(ParameterDeclaration declaration, String value) {
        if (declaration.isList()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String item : value.isEmpty() ? List.<String>of() : List.of(value.split(",", -1))) {
                String trimmed = item.strip();
                checkOne(declaration, trimmed, declaration.type().contains("Number"));
                list.add(trimmed);
            }
            return list;
        }
        checkOne(declaration, value, declaration.type().equals("Number"));
        return JsonNodeFactory.instance.textNode(value);
    }

    private static void checkOne(ParameterDeclaration declaration, String value, boolean number) {
        String name = declaration.name();
        if (!declaration.allowedValues().isEmpty() && !declaration.allowedValues().contains(value)) {
            throw failed(declaration, "Parameter '" + name + "' must be one of AllowedValues");
        }
        if (declaration.allowedPattern() != null && !AllowedPattern.matches(declaration.allowedPattern(), value)) {
            throw failed(declaration, "Parameter '" + name + "' must match pattern "
                    + declaration.allowedPattern().pattern());
        }
        int length = value.codePointCount(0, value.length());
        if (declaration.minLength() != null && length < declaration.minLength()) {
            throw failed(declaration, "Parameter '" + name + "' must contain at least " + declaration.minLength()
                    + " characters");
        }
        if (declaration.maxLength() != null && length > declaration.maxLength()) {
            throw failed(declaration, "Parameter '" + name + "' must contain at most " + declaration.maxLength()
                    + " characters");
        }
        if (number) {
            BigDecimal parsed = ParameterNumber.parse(value);
            if (parsed == null) {
                throw new ValidationException("Parameter '" + name + "' must be a number.");
            }
            if (declaration.minValue() != null && parsed.compareTo(declaration.minValue()) < 0) {
                throw failed(declaration, "Parameter '" + name + "' must be a number not less than "
                        + ParameterNumber.shown(declaration.minValue()));
            }
            if (declaration.maxValue() != null && parsed.compareTo(declaration.maxValue()) > 0) {
                throw failed(declaration, "Parameter '" + name + "' must be a number not greater than "
                        + ParameterNumber.shown(declaration.maxValue()));
            }
        }
    }

    private static ValidationException failed(ParameterDeclaration declaration, String message) {
        return new ValidationException(declaration.constraintDescription() == null ? message
                : "Parameter '" + declaration.name() + "' failed to satisfy constraint: "
                        + declaration.constraintDescription());
    }
}
