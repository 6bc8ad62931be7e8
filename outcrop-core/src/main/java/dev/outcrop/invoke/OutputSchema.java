package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.FailFastAssertionException;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON schema a structured answer must conform to: Converse's {@code outputConfig.textFormat} with
 * {@code type: json_schema}. Schemas are JSON Schema draft 2020-12, as Bedrock takes them; references must
 * be local ({@code #/$defs/...}), so checking an answer never fetches anything, and the schema stays within
 * {@link SchemaBounds} (no reference cycle, a bounded number of subschemas with references expanded, a bounded
 * depth), so that checking an answer is work proportional to the answer.
 */
public final class OutputSchema {
    private static final ObjectReader JSON = JsonMappers.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Fail fast: one violation is enough to refuse an answer, and collecting every one of them is work an
    // answer's size multiplies. Patterns run on a budget of characters read (BoundedRegex), shared by the whole
    // check of an answer.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().failFast(true)
            .regularExpressionFactory(BoundedRegex.FACTORY).build();

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
     * @throws IllegalArgumentException saying what is wrong, when {@code schema} is not a JSON object, uses
     *         a reference that is not local or breaks one of {@link SchemaBounds}
     */
    public static OutputSchema of(String name, String description, JsonNode schema) {
        requireNonNull(schema, "schema");
        if (!schema.isObject()) {
            throw new IllegalArgumentException("the schema must be a JSON object");
        }
        SchemaBounds.check(schema);
        try {
            return new OutputSchema(name, description, schema, FACTORY.getSchema(schema, CONFIG));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema cannot be compiled: " + e.getMessage(), e);
        }
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
        try {
            BoundedRegex.start();
            compiled.validate(instance).stream().sorted(Comparator.comparing(ValidationMessage::getMessage))
                    .forEach(m -> messages.add(m.getMessage()));
        } catch (FailFastAssertionException e) {
            e.getValidationMessages().stream().sorted(Comparator.comparing(ValidationMessage::getMessage))
                    .forEach(m -> messages.add(m.getMessage()));
        } catch (BoundedRegex.Exhausted e) {
            messages.add("checking the answer's patterns took more than " + BoundedRegex.BUDGET
                    + " characters read (a pattern backtracks too much)");
        } finally {
            BoundedRegex.stop();
        }
        return messages;
    }
}
