package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * A value of an enumerated option, spelt in the file as {@link #configName()}. A value the enumeration does not
 * have is reported by {@link ConfigLoader} with the others' problems, naming the values it has.
 */
public interface ConfigChoice {

    /** How the file spells this value. */
    @JsonValue
    String configName();

    /** The values of {@code choices}, as an error message lists them: {@code a, b or c}. */
    static String expected(Class<?> choices) {
        List<String> names = Arrays.stream(choices.getEnumConstants()).map(c -> ((ConfigChoice) c).configName()).toList();
        return names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
