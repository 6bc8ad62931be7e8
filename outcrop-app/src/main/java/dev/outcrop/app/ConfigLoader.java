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
import java.util.stream.Collectors;

/** Reads an {@link OutcropConfig} from YAML. Unknown keys, ill-typed and bad values are errors with their path. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private ConfigLoader() {}

    /**
     * Loads and validates a configuration file; an empty file means every default.
     *
     * @throws ConfigException for a missing file, bad YAML, an unknown key or a bad value
     */
    public static OutcropConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    /**
     * Parses and validates YAML text; {@code source} names it in errors. Every unknown key, every bad value
     * and every deployment the catalog refutes is reported in one {@link ConfigException}; only a value of
     * the wrong type stops the reading there (with the unknown keys found before it).
     */
    public static OutcropConfig parse(String text, String source) {
        if (text.isBlank()) {
            return OutcropConfig.defaults().validate();
        }
        List<String> errors = new ArrayList<>();
        try {
            OutcropConfig config = YAML.readerFor(OutcropConfig.class).withHandler(new UnknownKeys(errors)).readValue(text);
            config = config == null ? OutcropConfig.defaults() : config;
            try {
                config.validate();
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

    /** Notes each unknown key with its path and what was expected there, and reads on. */
    private static final class UnknownKeys extends DeserializationProblemHandler {
        private final List<String> errors;

        UnknownKeys(List<String> errors) {
            this.errors = errors;
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
