package dev.outcrop.stacks.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A template's sections, checked for shape: what each section may hold, logical ids, resource types. What
 * the values mean is for {@link ParameterValues}, {@link Conditions}, {@link Rules}, {@link Intrinsics}.
 */
public record Template(String description, Map<String, ParameterDeclaration> parameters, ObjectNode mappings,
                       Map<String, JsonNode> conditions, Map<String, JsonNode> rules,
                       Map<String, ResourceDeclaration> resources, Map<String, OutputDeclaration> outputs) {
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Mappings", "Conditions", "Rules", "Resources", "Outputs", "Transform", "Hooks");
    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Condition",
            "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}"
            + "|Custom::[A-Za-z0-9_@-]{1,60}");

    /** Copies the maps, keeping their order. */
    public Template {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** One resource as declared. */
    public record ResourceDeclaration(String logicalId, String type, ObjectNode properties, List<String> dependsOn,
                                      String condition, ObjectNode metadata, String deletionPolicy) {
        /** Copies the list. */
        public ResourceDeclaration {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** One output as declared. */
    public record OutputDeclaration(String logicalId, JsonNode value, String description, JsonNode exportName,
                                    String condition) {}

    /** Parses the body of a template (JSON or YAML). */
    public static Template parse(String body) {
        return of(TemplateReader.read(body));
    }

    /** Checks and splits a template's tree into its sections. */
    public static Template of(ObjectNode tree) {
        List<String> unknown = new ArrayList<>();
        tree.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw format("Invalid template property or properties " + unknown);
        }
        if (tree.has("Transform")) {
            throw new ValidationException("Template format error: Transform (" + tree.get("Transform")
                    + ") is not supported by Outcrop: expand the macro (for example with `sam build` or `cdk synth`) "
                    + "and deploy the result.");
        }
        if (tree.has("Hooks")) {
            throw new ValidationException("Template format error: Hooks are not supported by Outcrop.");
        }
        JsonNode version = tree.get("AWSTemplateFormatVersion");
        if (version != null && !"2010-09-09".equals(version.asText())) {
            throw format("Unsupported AWSTemplateFormatVersion '" + version.asText() + "': the only version is 2010-09-09");
        }
        JsonNode description = tree.get("Description");
        if (description != null && !description.isTextual()) {
            throw format("Description must be a string");
        }
        if (description != null) {
            Limits.bytes("Description", description.asText(), Limits.MAX_DESCRIPTION_BYTES);
        }
        Limits.count("parameters", section(tree, "Parameters").size(), Limits.MAX_PARAMETERS);
        Limits.count("mappings", section(tree, "Mappings").size(), Limits.MAX_MAPPINGS);
        Limits.count("resources", section(tree, "Resources").size(), Limits.MAX_RESOURCES);
        Limits.count("outputs", section(tree, "Outputs").size(), Limits.MAX_OUTPUTS);
        Map<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        section(tree, "Parameters").properties().forEach(e ->
                parameters.put(checkedId("Parameters", e.getKey()), ParameterDeclaration.of(e.getKey(), e.getValue())));
        ObjectNode mappings = section(tree, "Mappings");
        mappings.properties().forEach(e -> {
            checkedId("Mappings", e.getKey());
            if (!e.getValue().isObject()) {
                throw format("Mappings: the mapping " + e.getKey() + " must be a map of maps");
            }
            Limits.count("attributes in the mapping " + e.getKey(), e.getValue().size(), Limits.MAX_MAPPING_ATTRIBUTES);
            e.getValue().properties().forEach(top -> {
                mappingKey(e.getKey(), top.getKey());
                if (!top.getValue().isObject()) {
                    throw format("Mappings: " + e.getKey() + "." + top.getKey() + " must be a map");
                }
                Limits.count("attributes in the mapping " + e.getKey() + "." + top.getKey(), top.getValue().size(),
                        Limits.MAX_MAPPING_ATTRIBUTES);
                top.getValue().fieldNames().forEachRemaining(second -> mappingKey(e.getKey(), second));
            });
        });
        Map<String, JsonNode> conditions = new LinkedHashMap<>();
        section(tree, "Conditions").properties().forEach(e ->
                conditions.put(checkedId("Conditions", e.getKey()), e.getValue()));
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        section(tree, "Rules").properties().forEach(e -> {
            if (!e.getValue().isObject() || !e.getValue().path("Assertions").isArray()) {
                throw format("Rules: the rule " + e.getKey() + " needs a list of Assertions");
            }
            rules.put(checkedId("Rules", e.getKey()), e.getValue());
        });
        if (!tree.has("Resources") || section(tree, "Resources").isEmpty()) {
            throw format("At least one Resources member must be defined.");
        }
        Map<String, ResourceDeclaration> resources = new LinkedHashMap<>();
        section(tree, "Resources").properties().forEach(e -> resources.put(checkedId("Resources", e.getKey()),
                resource(e.getKey(), e.getValue(), conditions)));
        Map<String, OutputDeclaration> outputs = new LinkedHashMap<>();
        section(tree, "Outputs").properties().forEach(e -> outputs.put(checkedId("Outputs", e.getKey()),
                output(e.getKey(), e.getValue(), conditions)));
        return new Template(description == null ? null : description.asText(), parameters, mappings, conditions, rules,
                resources, outputs);
    }

    private static void mappingKey(String mapping, String key) {
        if (key.isEmpty() || key.length() > Limits.MAX_NAME_CHARS) {
            throw format("Mappings: a key of the mapping " + mapping + " must be 1-" + Limits.MAX_NAME_CHARS
                    + " characters, not '" + Limits.shown(key) + "'");
        }
    }

    private static ObjectNode section(ObjectNode tree, String name) {
        JsonNode section = tree.get(name);
        if (section == null || section.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(section instanceof ObjectNode object)) {
            throw format(name + " must be a map");
        }
        return object;
    }

    private static String checkedId(String section, String id) {
        return Limits.logicalId(section, id);
    }

    private static ResourceDeclaration resource(String id, JsonNode node, Map<String, JsonNode> conditions) {
        if (!node.isObject()) {
            throw format("Resources: " + id + " must be a map");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!RESOURCE_KEYS.contains(key)) {
                throw format("Invalid resource attribute " + key + " in Resources." + id);
            }
        });
        String type = node.path("Type").asText("");
        if (!node.path("Type").isTextual() || !RESOURCE_TYPE.matcher(type).matches()) {
            throw format("Resources." + id + ".Type: '" + type + "' is not a resource type (Service::Area::Name)");
        }
        JsonNode properties = node.get("Properties");
        if (properties != null && !properties.isObject() && !properties.isNull()) {
            throw format("Resources." + id + ".Properties must be a map");
        }
        List<String> dependsOn = new ArrayList<>();
        JsonNode depends = node.get("DependsOn");
        if (depends != null) {
            if (depends.isTextual()) {
                dependsOn.add(depends.asText());
            } else if (depends.isArray()) {
                depends.forEach(d -> {
                    if (!d.isTextual()) {
                        throw format("Resources." + id + ".DependsOn must be a logical id or a list of them");
                    }
                    dependsOn.add(d.asText());
                });
            } else {
                throw format("Resources." + id + ".DependsOn must be a logical id or a list of them");
            }
        }
        String condition = conditionName("Resources." + id, node.get("Condition"), conditions);
        JsonNode metadata = node.get("Metadata");
        String deletionPolicy = node.path("DeletionPolicy").isMissingNode() ? "Delete" : node.get("DeletionPolicy").asText();
        if (!Set.of("Delete", "Retain", "RetainExceptOnCreate", "Snapshot").contains(deletionPolicy)) {
            throw format("Resources." + id + ".DeletionPolicy: '" + deletionPolicy
                    + "' is not Delete, Retain, RetainExceptOnCreate or Snapshot");
        }
        return new ResourceDeclaration(id, type, properties instanceof ObjectNode o ? o
                : JsonNodeFactory.instance.objectNode(), dependsOn, condition,
                metadata instanceof ObjectNode m ? m : JsonNodeFactory.instance.objectNode(), deletionPolicy);
    }

    private static OutputDeclaration output(String id, JsonNode node, Map<String, JsonNode> conditions) {
        if (!node.isObject() || !node.has("Value")) {
            throw format("Outputs." + id + " must be a map with a Value");
        }
        JsonNode export = node.get("Export");
        if (export != null && (!export.isObject() || !export.has("Name"))) {
            throw format("Outputs." + id + ".Export must be a map with a Name");
        }
        return new OutputDeclaration(id, node.get("Value"), node.path("Description").asText(null),
                export == null ? null : export.get("Name"),
                conditionName("Outputs." + id, node.get("Condition"), conditions));
    }

    private static String conditionName(String where, JsonNode node, Map<String, JsonNode> conditions) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !conditions.containsKey(node.asText())) {
            throw format(where + ".Condition: Unresolved condition dependency " + node.asText() + " (the Conditions "
                    + "section has no such condition)");
        }
        return node.asText();
    }

    static ValidationException format(String message) {
        return new ValidationException("Template format error: " + message + (message.endsWith(".") ? "" : "."));
    }
}
