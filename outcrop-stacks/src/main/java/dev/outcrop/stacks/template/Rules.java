package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.util.Optional;

/**
 * Checks a template's rules before anything is created, as CloudFormation does: a rule whose
 * {@code RuleCondition} holds (or that has none) must have every {@code Assert} true. The first assertion
 * that fails refuses the stack, naming its rule and giving its {@code AssertDescription}.
 */
public final class Rules {
    private Rules() {}

    /**
     * Checks every rule.
     *
     * @throws ValidationException naming the rule whose assertion failed
     */
    public static void check(Template template, ParameterValues parameters, PseudoParameters pseudo,
                             Conditions conditions) {
        Intrinsics intrinsics = new Intrinsics(template.mappings(), parameters.values(), pseudo,
                new Intrinsics.References() {
                    @Override
                    public Optional<JsonNode> resource(String logicalId, String where) {
                        if (template.resources().containsKey(logicalId)) {
                            throw Intrinsics.error(where, "a rule cannot refer to the resource " + logicalId);
                        }
                        return Optional.empty();
                    }

                    @Override
                    public JsonNode attribute(String logicalId, String attribute, String where) {
                        throw Intrinsics.error(where, "a rule cannot use Fn::GetAtt");
                    }

                    @Override
                    public boolean condition(String name, String where) {
                        if (!conditions.has(name)) {
                            throw Intrinsics.error(where, "Unresolved condition dependency " + name);
                        }
                        return conditions.value(name);
                    }

                    @Override
                    public JsonNode importValue(String name, String where) {
                        throw Intrinsics.error(where, "a rule cannot use Fn::ImportValue");
                    }
                });
        template.rules().forEach((name, rule) -> {
            String where = "Rules." + name;
            JsonNode ruleCondition = rule.get("RuleCondition");
            if (ruleCondition != null && !intrinsics.condition(ruleCondition, where + ".RuleCondition")) {
                return;
            }
            JsonNode assertions = rule.get("Assertions");
            for (int i = 0; i < assertions.size(); i++) {
                JsonNode assertion = assertions.get(i);
                if (!assertion.has("Assert")) {
                    throw Template.format(where + ".Assertions[" + i + "] needs an Assert");
                }
                if (!intrinsics.condition(assertion.get("Assert"), where + ".Assertions[" + i + "].Assert")) {
                    String description = assertion.path("AssertDescription").asText("");
                    throw new ValidationException("Rule " + name + " failed"
                            + (description.isEmpty() ? "." : ": " + description));
                }
            }
        });
    }
}
