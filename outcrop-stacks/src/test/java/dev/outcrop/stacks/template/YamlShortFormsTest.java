package dev.outcrop.stacks.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import org.junit.jupiter.api.Test;

/** Every short form of CloudFormation's YAML reads as its long form; a key given twice is refused alike in JSON and YAML. */
class YamlShortFormsTest {
    private static String read(String yaml) {
        return TemplateReader.read(yaml).get("A").toString();
    }

    @Test
    void everyShortFormIsItsLongForm() {
        assertThat(read("A: !Ref Name")).isEqualTo("{\"Ref\":\"Name\"}");
        assertThat(read("A: !Sub 'x-${AWS::Region}'")).isEqualTo("{\"Fn::Sub\":\"x-${AWS::Region}\"}");
        assertThat(read("A: !Sub ['${a}', {a: !Ref B}]")).isEqualTo("{\"Fn::Sub\":[\"${a}\",{\"a\":{\"Ref\":\"B\"}}]}");
        assertThat(read("A: !GetAtt Res.Attr.Sub")).isEqualTo("{\"Fn::GetAtt\":[\"Res\",\"Attr.Sub\"]}");
        assertThat(read("A: !GetAtt\n  - Res\n  - Arn\n")).isEqualTo("{\"Fn::GetAtt\":[\"Res\",\"Arn\"]}");
        assertThat(read("A: !If [C, !Ref X, !Ref 'AWS::NoValue']"))
                .isEqualTo("{\"Fn::If\":[\"C\",{\"Ref\":\"X\"},{\"Ref\":\"AWS::NoValue\"}]}");
        assertThat(read("A: !Join\n  - ''\n  - - a\n    - !Ref B\n"))
                .isEqualTo("{\"Fn::Join\":[\"\",[\"a\",{\"Ref\":\"B\"}]]}");
        assertThat(read("A: !Select [0, !GetAZs '']")).isEqualTo("{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]}");
        assertThat(read("A: !Split [',', !ImportValue Shared]"))
                .isEqualTo("{\"Fn::Split\":[\",\",{\"Fn::ImportValue\":\"Shared\"}]}");
        assertThat(read("A: !FindInMap [M, !Ref 'AWS::Region', K]"))
                .isEqualTo("{\"Fn::FindInMap\":[\"M\",{\"Ref\":\"AWS::Region\"},\"K\"]}");
        assertThat(read("A: !And [!Equals [a, b], !Or [!Condition C, !Not [!Condition D]]]"))
                .isEqualTo("{\"Fn::And\":[{\"Fn::Equals\":[\"a\",\"b\"]},{\"Fn::Or\":[{\"Condition\":\"C\"},"
                        + "{\"Fn::Not\":[{\"Condition\":\"D\"}]}]}]}");
        assertThat(read("A: !Base64 |\n  #!/bin/sh\n  echo ${x}\n"))
                .isEqualTo("{\"Fn::Base64\":\"#!/bin/sh\\necho ${x}\\n\"}");
        assertThat(read("A: !Base64 {'Fn::Sub': '${AWS::StackName}'}"))
                .isEqualTo("{\"Fn::Base64\":{\"Fn::Sub\":\"${AWS::StackName}\"}}");
        // One node has one tag in YAML: as in CloudFormation, !Base64 !Sub is refused, with where.
        assertThatThrownBy(() -> read("A: !Base64 !Sub x")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Template format error: YAML not well-formed (line 1");
    }

    @Test
    void aTaggedScalarStaysText() {
        // A tag takes a plain scalar as written: !Ref 123 names "123", not the number.
        assertThat(read("A: !Ref 123")).isEqualTo("{\"Ref\":\"123\"}");
        assertThat(read("A: !Sub 2024")).isEqualTo("{\"Fn::Sub\":\"2024\"}");
    }

    @Test
    void shortFormsEvaluateLikeTheirLongForms() {
        var intrinsics = TemplateFixtures.intrinsics("{}", java.util.Map.of());
        assertThat(intrinsics.evaluate(TemplateReader.read("A: !Join ['-', [!Ref ResA, !GetAtt ResB.Arn, "
                + "!Select [1, !Split [',', 'x,y']], !If [IsTrue, 'yes', 'no']]]").get("A"), "A").asText())
                .isEqualTo("ResA-id-ResB.Arn-y-yes");
    }

    @Test
    void refAndConditionTakeAName() {
        assertThatThrownBy(() -> read("A: !Ref [a, b]")).isInstanceOf(ValidationException.class)
                .hasMessage("Template format error: !Ref needs a name, not a list or a map (line 1).");
        assertThatThrownBy(() -> read("A: !Condition {x: 1}")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Template format error: !Condition needs a name, not a list or a map");
    }

    @Test
    void aKeyGivenTwiceIsRefusedAlikeInYamlAndJson() {
        assertThatThrownBy(() -> TemplateReader.read("A: 1\nB: {C: 1, C: 2}\n")).isInstanceOf(ValidationException.class)
                .hasMessage("Template format error: the key 'C' appears twice in one map (line 2).");
        assertThatThrownBy(() -> TemplateReader.read("A: 1\nA: 2\n"))
                .hasMessage("Template format error: the key 'A' appears twice in one map (line 2).");
        assertThatThrownBy(() -> TemplateReader.read("{\"A\": 1,\n \"B\": {\"C\": 1, \"\\u0043\": 2}}"))
                .hasMessage("Template format error: the key 'C' appears twice in one map (line 2).");
    }

    @Test
    void nothingMayFollowTheTemplate() {
        assertThatThrownBy(() -> TemplateReader.read("A: 1\n---\nResources: {}\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("a template is one JSON or YAML "
                        + "document, and more follows it");
        assertThatThrownBy(() -> TemplateReader.read("{\"A\": 1} {\"Resources\": {}}"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("more follows it");
    }
}
