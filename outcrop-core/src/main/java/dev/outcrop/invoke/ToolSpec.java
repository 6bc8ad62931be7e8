package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the model may call.
 *
 * @param name the tool's name
 * @param description what it does, or null
 * @param inputSchema the JSON schema of its input
 */
public record ToolSpec(String name, String description, JsonNode inputSchema) {
    /** Checks the members. */
    public ToolSpec {
        requireNonNull(name, "name");
        requireNonNull(inputSchema, "inputSchema");
    }
}
