package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's tables of options are rendered from the code's descriptors ({@link OutcropConfig#SECTIONS}),
 * and every key a section record reads has a descriptor, so that an option's default is written once.
 */
class ConfigurationDocTest {
    private static final Path PAGE = Path.of("..", "docs", "configuration.md").toAbsolutePath().normalize();
    private static final String BEGIN = "<!-- options: generated from OutcropConfig.SECTIONS; ConfigurationDocTest "
            + "prints the expected text -->";
    private static final String END = "<!-- end of options -->";

    @Test
    void theOptionTablesOfThePageAreThoseTheCodeDescribes() throws Exception {
        String page = Files.readString(PAGE);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertThat(begin).as("the marker " + BEGIN + " in " + PAGE.getFileName()).isNotNegative();
        assertThat(end).as("the marker " + END + " after the first in " + PAGE.getFileName()).isGreaterThan(begin);
        String documented = page.substring(begin + BEGIN.length(), end);
        assertThat(documented).as("the option tables of " + PAGE.getFileName() + " (replace the block with this text)")
                .isEqualTo(tables());
    }

    @Test
    void eachSectionRecordReadsExactlyItsDeclaredOptionsAndChildSections() {
        for (ConfigSection section : OutcropConfig.SECTIONS) {
            assertThat(jsonProperties(section.type())).as("the keys " + section.type().getSimpleName() + " reads")
                    .isEqualTo(declaredKeys(section.path(), section.options()));
        }
    }

    @Test
    void theRootReadsExactlyTheTopLevelSections() {
        assertThat(jsonProperties(OutcropConfig.class)).isEqualTo(declaredKeys("", List.of()));
    }

    /** The option keys of the section at {@code path} and the names of the sections directly under it. */
    private static Set<String> declaredKeys(String path, List<ConfigOption<?>> options) {
        String prefix = path.isEmpty() ? "" : path + ".";
        Stream<String> children = OutcropConfig.SECTIONS.stream().map(ConfigSection::path)
                .filter(child -> child.startsWith(prefix)).map(child -> child.substring(prefix.length()))
                .filter(rest -> !rest.contains(".")).map(rest -> rest.replace("[]", ""));
        return Stream.concat(options.stream().map(ConfigOption::key), children)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> jsonProperties(Class<?> type) {
        Constructor<?> creator = Arrays.stream(type.getConstructors())
                .filter(constructor -> constructor.isAnnotationPresent(JsonCreator.class)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no @JsonCreator constructor"));
        return Arrays.stream(creator.getParameters()).map(ConfigurationDocTest::jsonName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String jsonName(Parameter parameter) {
        JsonProperty property = parameter.getAnnotation(JsonProperty.class);
        if (property == null) {
            throw new AssertionError(parameter + " of " + parameter.getDeclaringExecutable() + " has no @JsonProperty");
        }
        return property.value();
    }

    /** One table a section, in the order of {@link OutcropConfig#SECTIONS}. */
    private static String tables() {
        StringBuilder text = new StringBuilder("\n");
        for (ConfigSection section : OutcropConfig.SECTIONS) {
            text.append("\n### `").append(section.path()).append("`\n\n")
                    .append("| Key | Type | Default | What it does |\n")
                    .append("|---|---|---|---|\n");
            for (ConfigOption<?> option : section.options()) {
                text.append("| `").append(option.key()).append("` | ").append(option.type()).append(" | `")
                        .append(option.documentedDefault()).append("` | ").append(cell(option.description()))
                        .append(" |\n");
            }
        }
        return text.append("\n").toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
