package dev.outcrop.stacks.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.tag.Tag;
import java.util.ArrayList;
import java.util.List;

/** Reading evaluated properties with errors that name the resource and the property. */
final class Properties {
    private Properties() {}

    static String text(ResourceContext context, ObjectNode properties, String name, boolean required) {
        JsonNode value = properties.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(context, name, "is required");
            }
            return null;
        }
        if (!value.isValueNode()) {
            throw invalid(context, name, "must be a string");
        }
        return value.asText();
    }

    static List<String> texts(ResourceContext context, ObjectNode properties, String name) {
        JsonNode value = properties.get(name);
        List<String> texts = new ArrayList<>();
        if (value == null || value.isNull()) {
            return texts;
        }
        if (!value.isArray()) {
            throw invalid(context, name, "must be a list of strings");
        }
        value.forEach(item -> {
            if (!item.isValueNode()) {
                throw invalid(context, name, "must be a list of strings");
            }
            texts.add(item.asText());
        });
        return texts;
    }

    /** A policy document: a JSON map in the template, stored as its text. */
    static String document(ResourceContext context, JsonNode value, String name) {
        if (value == null || value.isNull()) {
            throw invalid(context, name, "is required");
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isObject()) {
            throw invalid(context, name, "must be a policy document (a JSON map)");
        }
        return value.toString();
    }

    static List<Tag> tags(ResourceContext context, ObjectNode properties) {
        List<Tag> tags = new ArrayList<>();
        JsonNode value = properties.get("Tags");
        if (value == null) {
            return tags;
        }
        if (!value.isArray()) {
            throw invalid(context, "Tags", "must be a list of {Key, Value}");
        }
        value.forEach(tag -> {
            if (!tag.path("Key").isValueNode() || !tag.path("Value").isValueNode()) {
                throw invalid(context, "Tags", "must be a list of {Key, Value}");
            }
            tags.add(new Tag(tag.get("Key").asText(), tag.get("Value").asText()));
        });
        return tags;
    }

    /** Tags as a map of key to value ({@code TagsMap}, as the bedrock-agent resources take them). */
    static List<Tag> tagMap(ResourceContext context, ObjectNode properties) {
        List<Tag> tags = new ArrayList<>();
        JsonNode value = properties.get("Tags");
        if (value == null || value.isNull()) {
            return tags;
        }
        if (!value.isObject()) {
            throw invalid(context, "Tags", "must be a map of tag keys to values");
        }
        value.properties().forEach(tag -> {
            if (!tag.getValue().isValueNode()) {
                throw invalid(context, "Tags", "must be a map of tag keys to values");
            }
            tags.add(new Tag(tag.getKey(), tag.getValue().asText()));
        });
        return tags;
    }

    static ValidationException invalid(ResourceContext context, String property, String problem) {
        return new ValidationException("Resources." + context.logicalId() + ".Properties." + property + " " + problem
                + ".");
    }
}
