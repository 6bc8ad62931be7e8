package dev.outcrop.stacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.stacks.template.Conditions;
import dev.outcrop.stacks.template.DependencyGraph;
import dev.outcrop.stacks.template.ParameterValues;
import dev.outcrop.stacks.template.PseudoParameters;
import dev.outcrop.stacks.template.Rules;
import dev.outcrop.stacks.template.SsmParameters;
import dev.outcrop.stacks.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template checked for one stack before anything is applied: parameters resolved, rules passed, conditions
 * evaluated, resources ordered, every type served (or, when asked, the ones Outcrop does not serve set aside)
 * and every property one its provider applies.
 */
record PreparedTemplate(Template template, ParameterValues parameters, PseudoParameters pseudo,
                        Conditions conditions, DependencyGraph graph, Set<String> skipped) {

    static PreparedTemplate prepare(String body, Map<String, String> given, PseudoParameters pseudo,
                                    SsmParameters ssm, ResourceProviders providers, boolean skipUnsupported) {
        Template template = Template.parse(body);
        ParameterValues parameters = ParameterValues.resolve(template, given, ssm);
        Conditions conditions = Conditions.evaluate(template, parameters, pseudo);
        Rules.check(template, parameters, pseudo, conditions);
        DependencyGraph graph = DependencyGraph.of(template, conditions);
        List<String> unsupported = new ArrayList<>();
        Set<String> skipped = new LinkedHashSet<>();
        for (String id : graph.order()) {
            Template.ResourceDeclaration resource = template.resources().get(id);
            var provider = providers.of(resource.type());
            if (provider.isEmpty()) {
                unsupported.add(resource.type() + " (" + id + ")");
                skipped.add(id);
                continue;
            }
            checkProperties(resource, provider.get());
        }
        if (!unsupported.isEmpty() && !skipUnsupported) {
            throw new ValidationException("The template has resource types Outcrop does not serve: " + unsupported
                    + ". Deploy with --skip-unsupported to record them as skipped (a reference to one then fails).");
        }
        return new PreparedTemplate(template, parameters, pseudo, conditions, graph, skipped);
    }

    private static void checkProperties(Template.ResourceDeclaration resource, ResourceProvider provider) {
        ObjectNode properties = resource.properties();
        properties.fieldNames().forEachRemaining(name -> {
            if (!provider.properties().contains(name)) {
                throw new ValidationException("Resources." + resource.logicalId() + ".Properties." + name
                        + ": the property " + name + " of " + resource.type() + " is not supported by Outcrop "
                        + "(supported: " + provider.properties().stream().sorted().toList() + ").");
            }
        });
    }
}
