package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The JSON schema a structured answer must conform to: Converse's {@code outputConfig.textFormat} with
 * {@code type: json_schema}. Schemas are JSON Schema draft 2020-12, as Bedrock takes them; references must
 * be local ({@code #/$defs/...}), so checking an answer never fetches anything.
 */
public final class OutputSchema {
    private static final ObjectReader JSON = JsonMappers.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final String name;
    private final String description;
    private final JsonNode schema;
    private final JsonSchema compiled;

    private OutputSchema(String name, String description, JsonNode schema, JsonSchema compiled) {
        this.name = name;
        this.description = description;
        this.schema = schema;
        this.compiled = compiled;
    }

    /**
     * Compiles a schema.
     *
     * @throws IllegalArgumentException saying what is wrong, when {@code schema} is not a JSON object or uses
     *         a reference that is not local
     */
    public static OutputSchema of(String name, String description, JsonNode schema) {
        requireNonNull(schema, "schema");
        if (!schema.isObject()) {
            throw new IllegalArgumentException("the schema must be a JSON object");
        }
        nonLocalReference(schema).ifPresent(ref -> {
            throw new IllegalArgumentException("the reference '" + ref + "' is not local (only #/$defs/... references "
                    + "are supported)");
        });
        try {
            return new OutputSchema(name, description, schema, FACTORY.getSchema(schema));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema cannot be compiled: " + e.getMessage(), e);
        }
    }

    private static Optional<String> nonLocalReference(JsonNode node) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.isTextual() || !ref.asText().startsWith("#"))) {
                return Optional.of(ref.asText());
            }
        }
        for (JsonNode child : node) {
            Optional<String> found = nonLocalReference(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The schema's name, or null. */
    public String name() {
        return name;
    }

    /** The schema's description, or null. */
    public String description() {
        return description;
    }

    /** The schema itself. */
    public JsonNode schema() {
        return schema;
    }

    /** What is wrong with {@code answer} (an answer's text) against the schema; empty when it conforms. */
    public List<String> violations(String answer) {
        JsonNode instance;
        try {
            instance = JSON.readTree(answer);
        } catch (IOException e) {
            return List.of("the answer is not JSON");
        }
        if (instance == null || instance.isMissingNode()) {
            return List.of("the answer is empty");
        }
        List<String> messages = new ArrayList<>();
        compiled.validate(instance).stream().sorted(Comparator.comparing(ValidationMessage::getMessage))
                .forEach(m -> messages.add(m.getMessage()));
        return messages;
    }
}
