package dev.outcrop.stacks.template;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz target of a template body as the network sends it (Jazzer; docs/security.md): read (JSON or YAML, short
 * forms), checked against CloudFormation's quotas, its parameters resolved from their defaults, its conditions and
 * rules evaluated, its resources ordered and every resource's properties and every output evaluated. A body is
 * carried through or refused with the template error, a {@link ValidationException}; anything else (an unchecked
 * exception of a parser, a stack overflow, running out of memory) is a finding.
 */
class TemplateFuzzTest {
    private static final PseudoParameters PSEUDO = new PseudoParameters("us-east-1", "123456789012", "aws",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/fuzz/1", "fuzz");

    @FuzzTest(maxDuration = "2s")
    void aTemplateIsEvaluatedOrRefusedAsATemplateError(byte[] body) {
        try {
            evaluate(new String(body, StandardCharsets.UTF_8));
        } catch (ValidationException refused) {
            // the caller's error: CloudFormation answers it as a ValidationError
        }
    }

    /** What a deploy does with a body before and while it applies it, with every resource standing in as created. */
    private static void evaluate(String body) {
        Template template = Template.parse(body);
        ParameterValues parameters = ParameterValues.resolve(template, Map.of(), SsmParameters.builtIn());
        Conditions conditions = Conditions.evaluate(template, parameters, PSEUDO);
        Rules.check(template, parameters, PSEUDO, conditions);
        DependencyGraph graph = DependencyGraph.of(template, conditions);
        Intrinsics intrinsics = new Intrinsics(template.mappings(), parameters.values(), PSEUDO,
                created(template, conditions));
        for (String id : graph.order()) {
            intrinsics.evaluate(template.resources().get(id).properties(), "Resources." + id + ".Properties");
        }
        for (Template.OutputDeclaration output : template.outputs().values()) {
            if (conditions.includes(output.condition())) {
                intrinsics.evaluate(output.value(), "Outputs." + output.logicalId() + ".Value");
                if (output.exportName() != null) {
                    intrinsics.evaluate(output.exportName(), "Outputs." + output.logicalId() + ".Export.Name");
                }
            }
        }
    }

    /** Resources as a deploy sees them once created: a physical id, attributes, the evaluated conditions. */
    private static Intrinsics.References created(Template template, Conditions conditions) {
        return new Intrinsics.References() {
            @Override
            public Optional<JsonNode> resource(String logicalId, String where) {
                return template.resources().containsKey(logicalId)
                        ? Optional.of(JsonNodeFactory.instance.textNode(logicalId + "-id")) : Optional.empty();
            }

            @Override
            public JsonNode attribute(String logicalId, String attribute, String where) {
                if (!template.resources().containsKey(logicalId)) {
                    throw Intrinsics.error(where, "instance of Fn::GetAtt references undefined "
                            + "resource " + logicalId);
                }
                return JsonNodeFactory.instance.textNode(logicalId + "." + attribute);
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
                return JsonNodeFactory.instance.textNode("imported:" + name);
            }
        };
    }
}
