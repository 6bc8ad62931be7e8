package dev.outcrop.stacks.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.outcrop.error.ValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Number parameters parse within bounds; AllowedPattern runs in linear time on the whole value. */
class ParameterConstraintsTest {
    private static final String RESOURCES = "Resources: {R: {Type: AWS::IAM::User}}\n";

    private static ParameterValues resolve(String parameters, Map<String, String> given) {
        return ParameterValues.resolve(Template.parse("Parameters:\n" + parameters + RESOURCES), given,
                SsmParameters.builtIn());
    }

    @Test
    void aMillionDigitNumberIsNotANumber() {
        String huge = "9".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> resolve(
                "  N: {Type: Number, MaxValue: 10}\n", Map.of("N", huge))).isInstanceOf(ValidationException.class));
        assertThatThrownBy(() -> resolve("  N: {Type: Number}\n", Map.of("N", "1e999999999")))
                .isInstanceOf(ValidationException.class).hasMessage("Parameter 'N' must be a number.");
    }

    @Test
    void nanAndInfinityAreNotNumbers() {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity", "0x10", "1_000", ""}) {
            assertThatThrownBy(() -> resolve("  N: {Type: Number}\n", Map.of("N", value))).as(value)
                    .hasMessage("Parameter 'N' must be a number.");
        }
        assertThat(resolve("  N: {Type: Number}\n", Map.of("N", "-1.5e3")).values().get("N").asText())
                .isEqualTo("-1.5e3");
    }

    @Test
    void eachItemOfAListOfNumbersIsBoundedAndChecked() {
        String list = "  L: {Type: List<Number>, MinValue: 0, MaxValue: 5}\n";
        assertThat(resolve(list, Map.of("L", "1, 2.5,5")).values().get("L").toString())
                .isEqualTo("[\"1\",\"2.5\",\"5\"]");
        assertThatThrownBy(() -> resolve(list, Map.of("L", "1,6"))).hasMessage(
                "Parameter 'L' must be a number not greater than 5");
        assertThatThrownBy(() -> resolve(list, Map.of("L", "1,NaN"))).hasMessage("Parameter 'L' must be a number.");
    }

    @Test
    void minAndMaxOfADeclarationAreBoundedNumbers() {
        // quoted: as a YAML number the reader refuses it already (TemplateReaderTest)
        assertThatThrownBy(() -> resolve("  N: {Type: Number, MaxValue: '" + "9".repeat(100) + "'}\n", Map.of()))
                .hasMessageContaining("Parameters.N.MaxValue must be a number of at most 64 characters");
        assertThatThrownBy(() -> resolve("  N: {Type: Number, MaxValue: " + "9".repeat(100) + "}\n", Map.of()))
                .hasMessageContaining("is not a number CloudFormation reads");
        assertThatThrownBy(() -> resolve("  N: {Type: Number, MinValue: \"NaN\"}\n", Map.of()))
                .hasMessageStartingWith("Template format error: Parameters.N.MinValue must be a number");
        assertThatThrownBy(() -> resolve("  N: {Type: Number, MinValue: 5, MaxValue: 1}\n", Map.of()))
                .hasMessageContaining("MinValue 5 is greater than MaxValue 1");
        assertThatThrownBy(() -> resolve("  S: {Type: String, MinLength: -1}\n", Map.of()))
                .hasMessageContaining("Parameters.S.MinLength must be a whole number from 0");
        assertThatThrownBy(() -> resolve("  S: {Type: String, MinLength: 3, MaxLength: 2}\n", Map.of()))
                .hasMessageContaining("MinLength 3 is greater than MaxLength 2");
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String declared = "  S: {Type: String, MaxLength: 2}\n";
        assertThat(resolve(declared, Map.of("S", "😀😀")).values().get("S").asText()).isEqualTo("😀😀");
        assertThatThrownBy(() -> resolve(declared, Map.of("S", "😀😀😀")))
                .hasMessage("Parameter 'S' must contain at most 2 characters");
    }

    @Test
    void theAllowedPatternMatchesTheWholeValue() {
        String declared = "  S: {Type: String, AllowedPattern: \"[a-z]+\"}\n";
        assertThat(resolve(declared, Map.of("S", "abc")).values().get("S").asText()).isEqualTo("abc");
        assertThatThrownBy(() -> resolve(declared, Map.of("S", "abc1"))).isInstanceOf(ValidationException.class)
                .hasMessage("Parameter 'S' must match pattern [a-z]+");
    }

    @Test
    void aCatastrophicPatternTakesLinearTime() {
        // (a+)+b backtracks exponentially in java.util.regex on a run of a's without the b.
        String declared = "  S: {Type: String, AllowedPattern: \"(a+)+b\"}\n";
        String value = "a".repeat(4_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> resolve(declared,
                Map.of("S", value))).hasMessage("Parameter 'S' must match pattern (a+)+b"));
    }

    @Test
    void aPatternRe2CannotCompileIsATemplateError() {
        assertThatThrownBy(() -> resolve("  S: {Type: String, AllowedPattern: \"(a)\\\\1\"}\n", Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Template format error: Parameters.S.AllowedPattern is not a regular "
                        + "expression RE2 accepts");
        assertThatThrownBy(() -> resolve("  S: {Type: String, AllowedPattern: \"(?=a)a\"}\n", Map.of()))
                .hasMessageContaining("Parameters.S.AllowedPattern is not a regular expression RE2 accepts");
    }

    @Test
    void nestedCountedRepetitionsAreRefusedBeforeTheyAreCompiled() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> resolve(
                "  S: {Type: String, AllowedPattern: \"((a{1000}){1000}){1000}\"}\n", Map.of()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("repeats too much"));
        assertThat(AllowedPattern.expandedSize("[a-z0-9-]{1,64}")).isEqualTo(64);
        assertThat(AllowedPattern.expandedSize("(\\d{1,3}\\.){3}\\d{1,3}")).isEqualTo(15);
        assertThat(AllowedPattern.expandedSize("a{2,}")).isEqualTo(3);
    }
}
