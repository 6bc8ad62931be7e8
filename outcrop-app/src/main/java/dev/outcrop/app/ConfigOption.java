package dev.outcrop.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One option of a configuration section: its key in the file, the type the file gives it, its default and what
 * it does. This is the one place an option's default is written: the section's constructor fills an absent value
 * from here, and the table of docs/configuration.md is checked against these descriptors by a test.
 *
 * @param key the key in the YAML file
 * @param type the type the file gives the value, as the docs name it
 * @param defaultValue the value when the key is absent (null: none, or required when {@code documentedDefault}
 *        says so)
 * @param documentedDefault how the docs show the default
 * @param description what the option does, one line of the docs
 * @param <T> the option's type in code
 */
public record ConfigOption<T>(String key, String type, T defaultValue, String documentedDefault, String description) {

    static ConfigOption<String> text(String key, String defaultValue, String description) {
        return new ConfigOption<>(key, "string", defaultValue, defaultValue == null ? "none" : defaultValue, description);
    }

    static ConfigOption<Path> path(String key, Path defaultValue, String description) {
        return new ConfigOption<>(key, "path", defaultValue, defaultValue.toString(), description);
    }

    static ConfigOption<Integer> integer(String key, int defaultValue, String description) {
        return new ConfigOption<>(key, "integer", defaultValue, Integer.toString(defaultValue), description);
    }

    static ConfigOption<Long> longInteger(String key, long defaultValue, String description) {
        return new ConfigOption<>(key, "integer", defaultValue, Long.toString(defaultValue), description);
    }

    static ConfigOption<Double> number(String key, Double defaultValue, String description) {
        return new ConfigOption<>(key, "number", defaultValue, defaultValue == null ? "none" : defaultValue.toString(),
                description);
    }

    static ConfigOption<Boolean> flag(String key, boolean defaultValue, String description) {
        return new ConfigOption<>(key, "boolean", defaultValue, Boolean.toString(defaultValue), description);
    }

    /** A duration the file gives in milliseconds (the {@code *Ms} keys). */
    static ConfigOption<Duration> millis(String key, Duration defaultValue, String description) {
        return new ConfigOption<>(key, "milliseconds", defaultValue, Long.toString(defaultValue.toMillis()), description);
    }

    /** A duration the file gives in microseconds (the {@code *Micros} keys). */
    static ConfigOption<Duration> micros(String key, Duration defaultValue, String description) {
        return new ConfigOption<>(key, "microseconds", defaultValue, Long.toString(defaultValue.toNanos() / 1000),
                description);
    }

    /** One of an enumeration's values, each spelt in the file as {@link ConfigChoice#configName()}. */
    static <E extends Enum<E> & ConfigChoice> ConfigOption<E> choice(String key, E defaultValue, String description) {
        String values = Arrays.stream(defaultValue.getDeclaringClass().getEnumConstants()).map(ConfigChoice::configName)
                .collect(Collectors.joining(" \\| "));
        return new ConfigOption<>(key, values, defaultValue, defaultValue.configName(), description);
    }

    static <E> ConfigOption<List<E>> list(String key, String elementType, List<E> defaultValue, String description) {
        return new ConfigOption<>(key, "list of " + elementType, defaultValue,
                defaultValue.isEmpty() ? "[]" : defaultValue.toString(), description);
    }

    /** This option with a default the docs describe in words (one that depends on other options, or none). */
    ConfigOption<T> documentedDefault(String words) {
        return new ConfigOption<>(key, type, defaultValue, words, description);
    }

    /** The value the file gave, or this option's default. */
    T or(T given) {
        return given != null ? given : defaultValue;
    }

    /** The duration of the milliseconds the file gave, or this option's default. */
    Duration orMillis(Long givenMillis) {
        return givenMillis != null ? Duration.ofMillis(givenMillis) : (Duration) defaultValue;
    }

    /** The duration of the microseconds the file gave, or this option's default. */
    Duration orMicros(Long givenMicros) {
        return givenMicros != null ? Duration.ofNanos(givenMicros * 1000) : (Duration) defaultValue;
    }
}
