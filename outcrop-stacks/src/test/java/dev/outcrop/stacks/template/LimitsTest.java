package dev.outcrop.stacks.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CloudFormation's quotas on a template, refused with its messages. */
class LimitsTest {
    private static String resources(int count) {
        StringBuilder yaml = new StringBuilder("Resources:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  R").append(i).append(": {Type: AWS::IAM::User}\n");
        }
        return yaml.toString();
    }

    private static String section(String name, int count, String entry) {
        StringBuilder yaml = new StringBuilder(name + ":\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  X").append(i).append(": ").append(entry).append('\n');
        }
        return yaml.toString();
    }

    @Test
    void fiveHundredResourcesAreReadAndOneMoreIsRefused() {
        assertThat(Template.parse(resources(500)).resources()).hasSize(500);
        assertThatThrownBy(() -> Template.parse(resources(501))).isInstanceOf(ValidationException.class)
                .hasMessage("Template format error: Number of resources, 501, is greater than maximum allowed, 500.");
    }

    @Test
    void mappingsAndTheirAttributesAreCountedAgainstTheirQuotas() {
        String mappings = section("Mappings", 201, "{K: {V: 1}}") + resources(1);
        assertThatThrownBy(() -> Template.parse(mappings)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Number of mappings, 201, is greater than maximum allowed, 200");
        StringBuilder attributes = new StringBuilder("Mappings:\n  M:\n");
        for (int i = 0; i < 201; i++) {
            attributes.append("    k").append(i).append(": {v: 1}\n");
        }
        assertThatThrownBy(() -> Template.parse(attributes + resources(1))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Number of attributes in the mapping M, 201, is greater than maximum allowed, 200");
    }

    @Test
    void parametersAndOutputsAreCountedAgainstTheirQuotas() {
        assertThatThrownBy(() -> Template.parse(section("Parameters", 201, "{Type: String}") + resources(1)))
                .hasMessageContaining("Number of parameters, 201, is greater than maximum allowed, 200");
        assertThatThrownBy(() -> Template.parse(section("Outputs", 201, "{Value: a}") + resources(1)))
                .hasMessageContaining("Number of outputs, 201, is greater than maximum allowed, 200");
    }

    @Test
    void aLogicalIdIsAtMost255LettersAndDigits() {
        assertThat(Template.parse(resources(0) + "  " + "A".repeat(255) + ": {Type: AWS::IAM::User}\n").resources())
                .containsKey("A".repeat(255));
        assertThatThrownBy(() -> Template.parse(resources(0) + "  " + "A".repeat(256) + ": {Type: AWS::IAM::User}\n"))
                .hasMessageContaining("is not a valid logical id (1-255 letters and digits)");
        assertThatThrownBy(() -> Template.parse(resources(0) + "  My-Role: {Type: AWS::IAM::User}\n"))
                .hasMessageContaining("'My-Role' is not a valid logical id");
    }

    @Test
    void theDescriptionIsMeasuredInUtf8Bytes() {
        assertThat(Template.parse("Description: " + "a".repeat(1024) + "\n" + resources(1)).description()).hasSize(1024);
        // 600 characters, 1,200 bytes
        assertThatThrownBy(() -> Template.parse("Description: " + "é".repeat(600) + "\n" + resources(1)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Template format error: Description is longer than the maximum of 1024 bytes.");
    }

    @Test
    void aParameterValueIsAtMost4096Bytes() {
        Template template = Template.parse("Parameters: {P: {Type: String}}\n" + resources(1));
        assertThat(ParameterValues.resolve(template, Map.of("P", "a".repeat(4096)), SsmParameters.builtIn())
                .values().get("P").asText()).hasSize(4096);
        assertThatThrownBy(() -> ParameterValues.resolve(template, Map.of("P", "€".repeat(1366)),
                SsmParameters.builtIn())).isInstanceOf(ValidationException.class)
                .hasMessage("Parameter 'P' has a value longer than the maximum of 4096 bytes.");
    }

    @Test
    void aTemplateFileIsAtMostOneMegabyteInUtf8() {
        String body = "Description: x\n" + resources(1) + "#" + "é".repeat(Limits.MAX_TEMPLATE_FILE_BYTES / 2) + "\n";
        assertThatThrownBy(() -> Template.parse(body)).isInstanceOf(ValidationException.class)
                .hasMessage("Template format error: the template body is longer than 1048576 bytes.");
    }

    @Test
    void aStackNameIsAtMost128LettersDigitsAndHyphensStartingWithALetter() {
        assertThat(Limits.stackName("a" + "-1".repeat(63) + "b")).hasSize(128);
        assertThatThrownBy(() -> Limits.stackName("a".repeat(129))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length less than or equal to 128");
        assertThatThrownBy(() -> Limits.stackName("9lives")).hasMessageContaining(
                "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        assertThatThrownBy(() -> Limits.stackName("a_b")).isInstanceOf(ValidationException.class);
    }
}
