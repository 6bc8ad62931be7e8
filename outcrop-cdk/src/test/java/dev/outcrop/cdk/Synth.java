package dev.outcrop.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/** Test stacks and a readable view of their templates: pseudo parameters and Fn::Join folded into plain strings. */
final class Synth {
    static final String ACCOUNT = "123456789012";

    private Synth() {
    }

    static Stack stackIn(String region) {
        return new Stack(new App(), "Test", StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(region).build()).build());
    }

    static Stack environmentAgnosticStack() {
        return new Stack(new App(), "Test");
    }

    static Role role(Stack stack) {
        return Role.Builder.create(stack, "Caller").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources(Stack stack) {
        var template = (Map<String, Object>) Template.fromStack(stack).toJSON();
        String region = stack.getRegion().startsWith("${") ? "REGION" : stack.getRegion();
        return (Map<String, Object>) fold(template.get("Resources"), region);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> resourcesOfType(Stack stack, String type) {
        return resources(stack).values().stream().map(r -> (Map<String, Object>) r)
                .filter(r -> type.equals(r.get("Type"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> onlyProperties(Stack stack, String type) {
        var found = resourcesOfType(stack, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.size());
        }
        return (Map<String, Object>) found.get(0).get("Properties");
    }

    /** Every IAM policy statement in the stack. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Stack stack) {
        var all = new ArrayList<Map<String, Object>>();
        for (var policy : resourcesOfType(stack, "AWS::IAM::Policy")) {
            var document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument");
            all.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Object fold(Object node, String region) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref") && map.get("Ref") instanceof String ref && ref.startsWith("AWS::")) {
                return switch (ref) {
                    case "AWS::Partition" -> "aws";
                    case "AWS::Region" -> region;
                    case "AWS::AccountId" -> ACCOUNT;
                    default -> map;
                };
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                var attribute = (List<Object>) map.get("Fn::GetAtt");
                return "${" + attribute.get(0) + "." + attribute.get(1) + "}";
            }
            if (map.size() == 1 && map.containsKey("Fn::Join")) {
                var join = (List<Object>) map.get("Fn::Join");
                var parts = (List<Object>) fold(join.get(1), region);
                if (parts.stream().allMatch(p -> p instanceof String)) {
                    return String.join((String) join.get(0), parts.stream().map(p -> (String) p).toList());
                }
            }
            var folded = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> folded.put((String) k, fold(v, region)));
            return folded;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> fold(v, region)).toList();
        }
        return node;
    }
}
