package dev.outcrop.stacks.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {

    @Test
    void shortFormTagsOfYamlBecomeTheirLongForms() {
        var tree = TemplateReader.read("""
                A: !Ref Name
                B: !GetAtt Res.Attr.Sub
                C: !Sub "x-${AWS::Region}"
                D: !Join [",", [a, !Ref X]]
                E: !Equals [!Ref P, "1"]
                F: !Condition IsProd
                G: !GetAtt [Res, Arn]
                """);
        assertThat(tree.get("A").toString()).isEqualTo("{\"Ref\":\"Name\"}");
        assertThat(tree.get("B").toString()).isEqualTo("{\"Fn::GetAtt\":[\"Res\",\"Attr.Sub\"]}");
        assertThat(tree.get("C").toString()).isEqualTo("{\"Fn::Sub\":\"x-${AWS::Region}\"}");
        assertThat(tree.get("D").toString()).isEqualTo("{\"Fn::Join\":[\",\",[\"a\",{\"Ref\":\"X\"}]]}");
        assertThat(tree.get("E").toString()).isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"P\"},\"1\"]}");
        assertThat(tree.get("F").toString()).isEqualTo("{\"Condition\":\"IsProd\"}");
        assertThat(tree.get("G").toString()).isEqualTo("{\"Fn::GetAtt\":[\"Res\",\"Arn\"]}");
    }

    @Test
    void anUnknownTagIsRefusedByName() {
        assertThatThrownBy(() -> TemplateReader.read("A: !Bogus x\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unknown tag !Bogus");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> TemplateReader.read("{\"A\": 1, \"A\": 2}"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'A' appears twice");
    }

    @Test
    void aBodyThatIsNotAMapIsRefused() {
        assertThatThrownBy(() -> TemplateReader.read("- a\n- b\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("a template is a JSON or YAML map");
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> TemplateReader.read("{\"A\": "))
                .isInstanceOf(ValidationException.class).hasMessageContaining("JSON not well-formed");
    }

    @Test
    void yamlAnchorsAndAliasesAreRefused() {
        assertThatThrownBy(() -> TemplateReader.read("A: &x {B: 1}\nC: *x\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("YAML anchors and aliases (&x)");
        assertThatThrownBy(() -> TemplateReader.read("A: [1]\nC: *x\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("YAML anchors and aliases (&x)");
    }

    @Test
    void aBillionLaughsIsRefusedBeforeItExpands() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            String previous = "*" + (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9,
                    previous))).append("]\n");
        }
        assertThatThrownBy(() -> TemplateReader.read(yaml.toString())).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Template format error:");
    }

    @Test
    void deepNestingIsATemplateErrorNotAStackOverflow() {
        int depth = 20_000;
        assertThatThrownBy(() -> TemplateReader.read("A: " + "[".repeat(depth) + "]".repeat(depth) + "\n"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("Template format error:");
        assertThatThrownBy(() -> TemplateReader.read("{\"A\": " + "[".repeat(depth) + "]".repeat(depth) + "}"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("Template format error:");
    }

    @Test
    void aNumberIsFiniteAndBounded() {
        assertThat(TemplateReader.read("A: 12\nB: 0.5\nC: 1e3\nD: 0x10\n").toString())
                .isEqualTo("{\"A\":12,\"B\":0.5,\"C\":1E+3,\"D\":16}");
        for (String number : new String[] {".inf", "-.Inf", ".nan", "1e999999999"}) {
            assertThatThrownBy(() -> TemplateReader.read("A: " + number + "\n")).as(number)
                    .isInstanceOf(ValidationException.class).hasMessageContaining("is not a number CloudFormation reads");
        }
        assertThatThrownBy(() -> TemplateReader.read("{\"A\": 1e999999999}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("is not a number CloudFormation reads");
    }
}
