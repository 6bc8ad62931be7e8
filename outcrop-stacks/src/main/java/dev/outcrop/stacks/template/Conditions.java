package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of a template's conditions. A condition may use parameters, pseudo parameters, mappings and other
 * conditions, never resources; a condition that depends on itself is refused with the chain of names.
 */
public final class Conditions {
    private final Map<String, Boolean> values;

    private Conditions(Map<String, Boolean> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Evaluates every condition of {@code template}. */
    public static Conditions evaluate(Template template, ParameterValues parameters, PseudoParameters pseudo) {
        Map<String, Boolean> values = new LinkedHashMap<>();
        Set<String> evaluating = new LinkedHashSet<>();
        Intrinsics[] intrinsics = new Intrinsics[1];
        Map<String, Boolean> memo = new HashMap<>();
        intrinsics[0] = new Intrinsics(template.mappings(), parameters.values(), pseudo, new Intrinsics.References() {
            @Override
            public Optional<JsonNode> resource(String logicalId, String where) {
                if (template.resources().containsKey(logicalId)) {
                    throw Intrinsics.error(where, "a condition cannot refer to the resource " + logicalId
                            + ": only to parameters, mappings and other conditions");
                }
                return Optional.empty();
            }

            @Override
            public JsonNode attribute(String logicalId, String attribute, String where) {
                throw Intrinsics.error(where, "a condition cannot use Fn::GetAtt");
            }

            @Override
            public boolean condition(String name, String where) {
                Boolean known = memo.get(name);
                if (known != null) {
                    return known;
                }
                JsonNode expression = template.conditions().get(name);
                if (expression == null) {
                    throw Intrinsics.error(where, "Unresolved condition dependency " + name);
                }
                if (!evaluating.add(name)) {
                    throw Intrinsics.error(where, "Circular dependency between conditions: " + evaluating);
                }
                if (evaluating.size() > Limits.MAX_DEPTH) {
                    // each condition of a chain is evaluated inside the one that names it
                    throw Intrinsics.error(where, "conditions refer to conditions more than " + Limits.MAX_DEPTH
                            + " deep");
                }
                boolean value = intrinsics[0].condition(expression, "Conditions." + name);
                evaluating.remove(name);
                memo.put(name, value);
                return value;
            }

            @Override
            public JsonNode importValue(String name, String where) {
                throw Intrinsics.error(where, "a condition cannot use Fn::ImportValue");
            }
        });
        for (String name : template.conditions().keySet()) {
            values.put(name, intrinsics[0].condition(JsonNodeFactory.instance.objectNode().put("Condition", name), "Conditions." + name));
        }
        return new Conditions(values);
    }

    /** The value of a declared condition. */
    public boolean value(String name) {
        Boolean value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no condition " + name);
        }
        return value;
    }

    /** Whether a declared condition exists. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every condition's value, in template order. */
    public Map<String, Boolean> values() {
        return values;
    }

    /** Whether something guarded by {@code condition} (null: none) exists. */
    public boolean includes(String condition) {
        return condition == null || value(condition);
    }
}
