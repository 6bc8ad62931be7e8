package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order resources are created in: a resource after every resource it refers to ({@code Ref},
 * {@code Fn::GetAtt}, a {@code ${Name}} of {@code Fn::Sub}) or names in {@code DependsOn}; otherwise in
 * template order. Deletion runs the reverse. A cycle is refused with the names in it.
 *
 * @param order the logical ids of the resources the conditions include, in creation order
 * @param dependencies each included resource's direct dependencies among them
 */
public record DependencyGraph(List<String> order, Map<String, Set<String>> dependencies) {
    /** Copies the collections. */
    public DependencyGraph {
        order = List.copyOf(order);
        dependencies = Collections.unmodifiableMap(new LinkedHashMap<>(dependencies));
    }

    /** The graph of the resources {@code conditions} include. */
    public static DependencyGraph of(Template template, Conditions conditions) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (Template.ResourceDeclaration resource : template.resources().values()) {
            if (!conditions.includes(resource.condition())) {
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            collect(resource.properties(), names);
            Set<String> direct = new LinkedHashSet<>();
            for (String name : names) {
                if (template.resources().containsKey(name)) {
                    if (conditions.includes(template.resources().get(name).condition())) {
                        direct.add(name);
                    }
                } else if (!template.parameters().containsKey(name) && !name.startsWith("AWS::")) {
                    throw Template.format("Unresolved resource dependencies [" + name + "] in the Resources block of "
                            + "the template (Resources." + resource.logicalId() + ")");
                }
            }
            for (String name : resource.dependsOn()) {
                Template.ResourceDeclaration target = template.resources().get(name);
                if (target == null) {
                    throw Template.format("Unresolved resource dependencies [" + name + "] in the Resources block of "
                            + "the template (Resources." + resource.logicalId() + ".DependsOn)");
                }
                if (!conditions.includes(target.condition())) {
                    throw Template.format("Resources." + resource.logicalId() + " depends on " + name
                            + ", which its condition " + target.condition() + " leaves out");
                }
                direct.add(name);
            }
            dependencies.put(resource.logicalId(), direct);
        }
        return new DependencyGraph(sorted(dependencies), dependencies);
    }

    /** Every logical name {@code value} refers to through {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Sub}. */
    public static Set<String> references(JsonNode value) {
        Set<String> names = new LinkedHashSet<>();
        collect(value, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            JsonNode args = node.get(key);
            switch (key) {
                case "Ref" -> {
                    if (args.isTextual()) {
                        names.add(args.asText());
                    }
                    return;
                }
                case "Fn::GetAtt" -> {
                    if (args.isArray() && !args.isEmpty() && args.get(0).isTextual()) {
                        names.add(args.get(0).asText());
                        args.forEach(a -> collect(a, names));
                    } else if (args.isTextual() && args.asText().indexOf('.') > 0) {
                        names.add(args.asText().substring(0, args.asText().indexOf('.')));
                    }
                    return;
                }
                case "Fn::Sub" -> {
                    subReferences(args, names);
                    return;
                }
                default -> { }
            }
        }
        node.forEach(child -> collect(child, names));
    }

    private static void subReferences(JsonNode args, Set<String> names) {
        String text;
        Set<String> variables = new LinkedHashSet<>();
        if (args.isTextual()) {
            text = args.asText();
        } else if (args.isArray() && args.size() == 2 && args.get(0).isTextual()) {
            text = args.get(0).asText();
            args.get(1).fieldNames().forEachRemaining(variables::add);
            collect(args.get(1), names);
        } else {
            return;
        }
        for (int start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 2)) {
            int end = text.indexOf('}', start);
            if (end < 0) {
                return;
            }
            String name = text.substring(start + 2, end).strip();
            if (name.startsWith("!") || name.isEmpty() || variables.contains(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            names.add(dot > 0 && !name.startsWith("AWS::") ? name.substring(0, dot) : name);
        }
    }

    /**
     * Kahn's algorithm, taking the ready resources in template order so that the order is stable: a resource is
     * ready once the last of its dependencies is placed, so each edge is looked at once.
     */
    private static List<String> sorted(Map<String, Set<String>> dependencies) {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        Map<String, List<String>> dependents = new LinkedHashMap<>();
        Map<String, Integer> position = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> entry : dependencies.entrySet()) {
            position.put(entry.getKey(), position.size());
            waiting.put(entry.getKey(), entry.getValue().size());
            for (String dependency : entry.getValue()) {
                dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(entry.getKey());
            }
        }
        java.util.PriorityQueue<String> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.comparing(position::get));
        waiting.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String dependent : dependents.getOrDefault(id, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < dependencies.size()) {
            throw new dev.outcrop.error.ValidationException("Circular dependency between resources: "
                    + cycle(dependencies, waiting));
        }
        return order;
    }

    /**
     * The resources of one cycle among those never placed, in template order: walking from one of them along
     * dependencies that were never placed must come back to a resource already walked.
     */
    private static List<String> cycle(Map<String, Set<String>> dependencies, Map<String, Integer> waiting) {
        Map<String, Integer> walked = new LinkedHashMap<>();
        String at = waiting.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
        while (!walked.containsKey(at)) {
            walked.put(at, walked.size());
            at = dependencies.get(at).stream().filter(d -> waiting.get(d) > 0).findFirst().orElseThrow();
        }
        int from = walked.get(at);
        Set<String> members = new java.util.HashSet<>(List.copyOf(walked.keySet()).subList(from, walked.size()));
        return dependencies.keySet().stream().filter(members::contains).toList();
    }

    /** The resources that depend directly on {@code logicalId}. */
    public List<String> dependents(String logicalId) {
        return dependencies.entrySet().stream().filter(e -> e.getValue().contains(logicalId)).map(Map.Entry::getKey)
                .toList();
    }
}
