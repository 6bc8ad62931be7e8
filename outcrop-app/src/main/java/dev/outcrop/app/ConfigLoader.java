package dev.outcrop.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads an {@link OutcropConfig} from YAML. Unknown keys, ill-typed and bad values are errors with their path. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private ConfigLoader() {}

    /**
     * Loads and validates a configuration file for a process whose environment is {@code env}; an empty file
     * means every default.
     *
     * @throws ConfigException for a missing file, bad YAML, an unknown key or a bad value
     */
    public static OutcropConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString(), env);
    }

    /** Parses and validates YAML text in an empty environment (no {@code apiKeyEnv} is set). */
    static OutcropConfig parse(String text, String source) {
        return parse(text, source, Map.of());
    }

    /**
     * Parses and validates YAML text for a process whose environment is {@code env}; {@code source} names it in
     * errors. Every unknown key, every value an enumerated option does not have, every bad value and every
     * deployment the catalog refutes is reported in one {@link ConfigException}; only a value of the wrong type
     * stops the reading there (with the problems found before it).
     */
    public static OutcropConfig parse(String text, String source, Map<String, String> env) {
        if (text.isBlank()) {
            return OutcropConfig.defaults().validate(env);
        }
        List<String> errors = new ArrayList<>();
        try {
            OutcropConfig config = YAML.readerFor(OutcropConfig.class).withHandler(new ReadingProblems(errors)).readValue(text);
            config = config == null ? OutcropConfig.defaults() : config;
            try {
                config.validate(env);
            } catch (ConfigException e) {
                errors.addAll(e.problems());
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return config;
        } catch (JsonMappingException e) {
            errors.add(path(e) + ": " + e.getOriginalMessage().split("\n")[0]);
            throw new ConfigException(errors);
        } catch (IOException e) {
            errors.add(source + ": not valid YAML: " + e.getMessage().split("\n")[0]);
            throw new ConfigException(errors);
        }
    }

    /**
     * Notes each unknown key and each value an enumerated option does not have, with its path and what was
     * expected there, and reads on (the option then keeps its default, which is never used: the reading fails).
     */
    private static final class ReadingProblems extends DeserializationProblemHandler {
        private final List<String> errors;

        ReadingProblems(List<String> errors) {
            this.errors = errors;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
                                             String failureMsg) throws IOException {
            if (!targetType.isEnum() || !ConfigChoice.class.isAssignableFrom(targetType)) {
                return NOT_HANDLED;
            }
            errors.add(path(context.getParser().getParsingContext()) + ": '" + value + "' (expected: "
                    + ConfigChoice.expected(targetType) + ")");
            return null;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                             JsonDeserializer<?> deserializer, Object beanOrClass, String name)
                throws IOException {
            String known = deserializer == null || deserializer.getKnownPropertyNames() == null ? ""
                    : " (expected one of: " + deserializer.getKnownPropertyNames().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
            // The top level is read through a buffer whose context is not its own: its keys have no parent.
            boolean topLevel = beanOrClass == OutcropConfig.class || beanOrClass instanceof OutcropConfig;
            String parent = topLevel ? "" : path(parser.getParsingContext().getParent());
            errors.add((parent.isEmpty() ? "" : parent + ".") + name + ": unknown key" + known);
            parser.skipChildren();
            return true;
        }

        private static String path(JsonStreamContext context) {
            List<String> parts = new ArrayList<>();
            for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.addFirst("[" + c.getCurrentIndex() + "]");
                } else if (c.getCurrentName() != null) {
                    parts.addFirst("." + c.getCurrentName());
                }
            }
            String path = String.join("", parts);
            return path.startsWith(".") ? path.substring(1) : path;
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(top level)" : path.toString();
    }
}
