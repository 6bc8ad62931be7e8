package dev.outcrop.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads an {@link OutcropConfig} from YAML. Unknown keys and ill-typed values are errors with their path. */
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

    /** Parses and validates YAML text; {@code source} names it in errors. */
    public static OutcropConfig parse(String text, String source) {
        if (text.isBlank()) {
            return OutcropConfig.defaults().validate();
        }
        try {
            OutcropConfig config = YAML.readValue(text, OutcropConfig.class);
            return (config == null ? OutcropConfig.defaults() : config).validate();
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (expected one of: " + e.getKnownPropertyIds()
                    .stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            throw new ConfigException(List.of(path(e) + ": unknown key" + known));
        } catch (JsonMappingException e) {
            throw new ConfigException(List.of(path(e) + ": " + e.getOriginalMessage().split("\n")[0]));
        } catch (IOException e) {
            throw new ConfigException(List.of(source + ": not valid YAML: " + e.getMessage().split("\n")[0]));
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
