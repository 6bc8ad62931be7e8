package dev.outcrop.profileconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.OutputSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@link StoredInferenceConfig} as JSON, the one form the admin API, the CLI's {@code --file}, the
 * configuration file and a CloudFormation template carry:
 *
 * <pre>{@code
 * {"temperature": {"value": 0.2, "mode": "default"},
 *  "maxTokens": {"value": 2000, "mode": "limit"},
 *  "stopSequences": {"value": ["END"], "mode": "fixed"},
 *  "responseFormat": {"value": {"name": "answer", "schema": {"type": "object"}}, "mode": "default"}}
 * }</pre>
 *
 * Read strictly: an unknown key, a missing {@code value} or {@code mode}, a value of the wrong type or out of the
 * bounds Bedrock's runtime model gives the parameter, or a mode the parameter cannot have is refused with every
 * violation named by its path, never read as some default.
 */
public final class StoredInferenceConfigJson {
    /** Bedrock's runtime model bounds {@code inferenceConfig.stopSequences} at 2500 entries. */
    public static final int MAX_STOP_SEQUENCES = 2500;
    private static final int MAX_STOP_SEQUENCE_LENGTH = 1000;
    private static final Pattern ANTHROPIC_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_NAME_LENGTH = 64;
    private static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final Set<Mode> ANY = EnumSet.allOf(Mode.class);
    private static final Set<Mode> NOT_LIMIT = EnumSet.of(Mode.DEFAULT, Mode.FIXED);
    private static final List<String> KEYS = List.of("maxTokens", "temperature", "topP", "topK", "stopSequences",
            "anthropicVersion", "responseFormat");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_VIOLATIONS_SHOWN = 10;

    private StoredInferenceConfigJson() {}

    /**
     * Reads a configuration.
     *
     * @throws ValidationException naming every violation by its path in the document
     */
    public static StoredInferenceConfig read(JsonNode document) {
        Reader reader = new Reader();
        StoredInferenceConfig config = reader.read(document);
        reader.check();
        return config;
    }

    /** The JSON form of a configuration; {@code {}} for none. */
    public static ObjectNode write(StoredInferenceConfig config) {
        ObjectNode node = NODES.objectNode();
        put(node, "maxTokens", config.maxTokens(), NODES::numberNode);
        put(node, "temperature", config.temperature(), NODES::numberNode);
        put(node, "topP", config.topP(), NODES::numberNode);
        put(node, "topK", config.topK(), NODES::numberNode);
        put(node, "stopSequences", config.stopSequences(), v -> {
            var array = NODES.arrayNode();
            v.forEach(array::add);
            return array;
        });
        put(node, "anthropicVersion", config.anthropicVersion(), NODES::textNode);
        put(node, "responseFormat", config.responseFormat(), schema -> {
            ObjectNode format = NODES.objectNode();
            if (schema.name() != null) {
                format.put("name", schema.name());
            }
            if (schema.description() != null) {
                format.put("description", schema.description());
            }
            format.set("schema", schema.schema());
            return format;
        });
        return node;
    }

    private static <T> void put(ObjectNode node, String key, Setting<T> setting, Function<T, JsonNode> value) {
        if (setting != null) {
            ObjectNode entry = node.putObject(key);
            entry.set("value", value.apply(setting.value()));
            entry.put("mode", setting.mode().wire());
        }
    }

    /** One reading, collecting violations. */
    private static final class Reader {
        private final List<String> violations = new ArrayList<>();

        StoredInferenceConfig read(JsonNode document) {
            if (document == null || !document.isObject()) {
                throw new ValidationException("An inference configuration must be a JSON object; its keys are "
                        + KEYS + ".");
            }
            for (var field : document.properties()) {
                if (!KEYS.contains(field.getKey())) {
                    violations.add(violation(field.getKey(), "Member must be one of " + KEYS));
                }
            }
            return new StoredInferenceConfig(
                    setting(document, "maxTokens", ANY, v -> integer(v, "maxTokens.value", 1)),
                    setting(document, "temperature", ANY, v -> fraction(v, "temperature.value")),
                    setting(document, "topP", ANY, v -> fraction(v, "topP.value")),
                    setting(document, "topK", ANY, v -> integer(v, "topK.value", 0)),
                    setting(document, "stopSequences", NOT_LIMIT, this::stopSequences),
                    setting(document, "anthropicVersion", EnumSet.of(Mode.FIXED), this::anthropicVersion),
                    setting(document, "responseFormat", NOT_LIMIT, this::responseFormat));
        }

        private <T> Setting<T> setting(JsonNode document, String key, Set<Mode> modes, Function<JsonNode, T> reader) {
            JsonNode entry = document.get(key);
            if (entry == null) {
                return null;
            }
            if (!entry.isObject()) {
                violations.add(violation(key, "Member must be an object with 'value' and 'mode'"));
                return null;
            }
            for (var field : entry.properties()) {
                if (!field.getKey().equals("value") && !field.getKey().equals("mode")) {
                    violations.add(violation(key + "." + field.getKey(), "Member must be one of [value, mode]"));
                }
            }
            Mode mode = mode(entry.get("mode"), key + ".mode", modes);
            JsonNode value = entry.get("value");
            T read = null;
            if (value == null || value.isNull()) {
                violations.add(violation(key + ".value", "Member must not be null"));
            } else {
                read = reader.apply(value);
            }
            return mode == null || read == null ? null : new Setting<>(read, mode);
        }

        private Mode mode(JsonNode node, String path, Set<Mode> allowed) {
            if (node == null || node.isNull()) {
                violations.add(violation(path, "Member must not be null"));
                return null;
            }
            Mode mode = node.isTextual() ? Mode.ofWire(node.asText()).orElse(null) : null;
            List<String> names = allowed.stream().map(Mode::wire).toList();
            if (mode == null || !allowed.contains(mode)) {
                violations.add(violation(path, "Member must satisfy enum value set: " + names, node));
                return null;
            }
            return mode;
        }

        private Integer integer(JsonNode value, String path, int min) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                violations.add(violation(path, "Member must be an integer", value));
                return null;
            }
            if (value.intValue() < min) {
                violations.add(violation(path, "Member must have value greater than or equal to " + min, value));
                return null;
            }
            return value.intValue();
        }

        private Double fraction(JsonNode value, String path) {
            if (!value.isNumber()) {
                violations.add(violation(path, "Member must be a number", value));
                return null;
            }
            BigDecimal number = value.decimalValue();
            if (number.signum() < 0) {
                violations.add(violation(path, "Member must have value greater than or equal to 0", value));
                return null;
            }
            if (number.compareTo(BigDecimal.ONE) > 0) {
                violations.add(violation(path, "Member must have value less than or equal to 1", value));
                return null;
            }
            return number.doubleValue();
        }

        private List<String> stopSequences(JsonNode value) {
            String path = "stopSequences.value";
            if (!value.isArray() || value.isEmpty() || value.size() > MAX_STOP_SEQUENCES) {
                violations.add(violation(path, "Member must be a list of 1 to " + MAX_STOP_SEQUENCES + " strings"));
                return null;
            }
            List<String> sequences = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isTextual() || item.asText().isEmpty() || item.asText().length() > MAX_STOP_SEQUENCE_LENGTH) {
                    violations.add(violation(path + "." + (i + 1), "Member must be a string of 1 to "
                            + MAX_STOP_SEQUENCE_LENGTH + " characters"));
                    return null;
                }
                sequences.add(item.asText());
            }
            return sequences;
        }

        private String anthropicVersion(JsonNode value) {
            if (!value.isTextual() || !ANTHROPIC_VERSION.matcher(value.asText()).matches()) {
                violations.add(violation("anthropicVersion.value", "Member must satisfy regular expression pattern: "
                        + ANTHROPIC_VERSION.pattern(), value));
                return null;
            }
            return value.asText();
        }

        private OutputSchema responseFormat(JsonNode value) {
            String path = "responseFormat.value";
            if (!value.isObject()) {
                violations.add(violation(path, "Member must be an object with 'schema' and optionally 'name' and "
                        + "'description'"));
                return null;
            }
            for (var field : value.properties()) {
                if (!Set.of("name", "description", "schema").contains(field.getKey())) {
                    violations.add(violation(path + "." + field.getKey(), "Member must be one of [name, description, schema]"));
                    return null;
                }
            }
            String name = text(value.get("name"), path + ".name", MAX_NAME_LENGTH);
            String description = text(value.get("description"), path + ".description", MAX_DESCRIPTION_LENGTH);
            JsonNode schema = value.get("schema");
            if (schema == null || !schema.isObject()) {
                violations.add(violation(path + ".schema", "Member must be a JSON schema (an object)"));
                return null;
            }
            try {
                return OutputSchema.of(name, description, schema);
            } catch (IllegalArgumentException e) {
                violations.add(violation(path + ".schema", "Member must be a valid JSON schema (draft 2020-12): "
                        + e.getMessage()));
                return null;
            }
        }

        private String text(JsonNode node, String path, int maxLength) {
            if (node == null) {
                return null;
            }
            if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > maxLength) {
                violations.add(violation(path, "Member must be a string of 1 to " + maxLength + " characters"));
                return null;
            }
            return node.asText();
        }

        void check() {
            if (!violations.isEmpty()) {
                // A document of many unknown keys names the first few: the message stays small.
                List<String> shown = violations.size() > MAX_VIOLATIONS_SHOWN
                        ? violations.subList(0, MAX_VIOLATIONS_SHOWN) : violations;
                throw new ValidationException((violations.size() == 1 ? "1 validation error detected: "
                        : violations.size() + " validation errors detected: ") + String.join("; ", shown)
                        + (shown.size() < violations.size() ? "; ..." : ""));
            }
        }

        private static String violation(String path, String constraint) {
            return "Value at '" + path + "' failed to satisfy constraint: " + constraint;
        }

        private static String violation(String path, String constraint, JsonNode value) {
            String shown = value.isTextual() ? value.asText() : value.toString();
            if (shown.length() > 64) {
                shown = shown.substring(0, 64) + "...";
            }
            return "Value '" + shown + "' at '" + path + "' failed to satisfy constraint: " + constraint;
        }
    }
}
