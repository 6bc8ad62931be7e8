package dev.outcrop.stacks.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.error.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private final Intrinsics intrinsics = TemplateFixtures.intrinsics(
            "{\"Models\": {\"us-east-1\": {\"Id\": \"claude\"}}}",
            Map.of("Env", JsonNodeFactory.instance.textNode("prod"),
                    "Names", JsonNodeFactory.instance.arrayNode().add("a").add("b")));

    private String eval(String yaml) {
        return intrinsics.evaluate(TemplateReader.read("V: " + yaml).get("V"), "V").toString();
    }

    @Test
    void refGivesParametersPseudoParametersAndResources() {
        assertThat(eval("!Ref Env")).isEqualTo("\"prod\"");
        assertThat(eval("!Ref AWS::AccountId")).isEqualTo("\"123456789012\"");
        assertThat(eval("!Ref AWS::Partition")).isEqualTo("\"aws\"");
        assertThat(eval("!Ref AWS::StackName")).isEqualTo("\"demo\"");
        assertThat(eval("!Ref AWS::URLSuffix")).isEqualTo("\"amazonaws.com\"");
        assertThat(eval("!Ref ResRole")).isEqualTo("\"ResRole-id\"");
    }

    @Test
    void refOfAnUnknownNameIsAnUnresolvedDependency() {
        assertThatThrownBy(() -> eval("!Ref Nothing")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unresolved resource dependencies [Nothing]");
    }

    @Test
    void noValueRemovesTheKeyAndTheListItem() {
        assertThat(eval("{A: !Ref AWS::NoValue, B: [x, !Ref AWS::NoValue]}")).isEqualTo("{\"B\":[\"x\"]}");
    }

    @Test
    void getAttGivesTheResourceAttribute() {
        assertThat(eval("!GetAtt ResRole.Arn")).isEqualTo("\"ResRole.Arn\"");
    }

    @Test
    void joinJoinsTextsAndRefusesAMap() {
        assertThat(eval("!Join [\"-\", [a, !Ref Env, 3]]")).isEqualTo("\"a-prod-3\"");
        assertThatThrownBy(() -> eval("!Join [\"-\", [{x: 1}]]")).hasMessageContaining("expected a string");
    }

    @Test
    void subReplacesNamesAttributesVariablesAndKeepsEscapedLiterals() {
        assertThat(eval("!Sub \"${AWS::Region}/${Env}/${ResRole}/${ResRole.Arn}/${!Literal}\""))
                .isEqualTo("\"us-east-1/prod/ResRole-id/ResRole.Arn/${Literal}\"");
        assertThat(eval("!Sub [\"${X}-${Env}\", {X: !Ref ResA}]")).isEqualTo("\"ResA-id-prod\"");
    }

    @Test
    void selectPicksByIndexAndRefusesOneOutOfRange() {
        assertThat(eval("!Select [1, [a, b, c]]")).isEqualTo("\"b\"");
        assertThat(eval("!Select [\"0\", !Ref Names]")).isEqualTo("\"a\"");
        assertThatThrownBy(() -> eval("!Select [3, [a]]")).hasMessageContaining("nonexistent value at index 3");
    }

    @Test
    void splitCutsAtEveryDelimiter() {
        assertThat(eval("!Split [\",\", \"a,,b\"]")).isEqualTo("[\"a\",\"\",\"b\"]");
    }

    @Test
    void findInMapLooksUpBothKeysAndNamesAMissingOne() {
        assertThat(eval("!FindInMap [Models, !Ref AWS::Region, Id]")).isEqualTo("\"claude\"");
        assertThatThrownBy(() -> eval("!FindInMap [Models, eu-west-1, Id]"))
                .hasMessageContaining("has no key [eu-west-1][Id]");
    }

    @Test
    void ifChoosesByTheCondition() {
        assertThat(eval("!If [IsTrue, one, two]")).isEqualTo("\"one\"");
        assertThat(eval("!If [IsFalse, one, !Ref AWS::NoValue]")).isEqualTo("");
    }

    @Test
    void conditionFunctionsCombine() {
        assertThat(intrinsics.condition(TemplateReader.read("V: !And [!Equals [!Ref Env, prod], !Not [!Condition IsFalse]]")
                .get("V"), "V")).isTrue();
        assertThat(intrinsics.condition(TemplateReader.read("V: !Or [!Equals [1, \"2\"], !Condition IsFalse]").get("V"),
                "V")).isFalse();
        assertThat(intrinsics.condition(TemplateReader.read("V: !Equals [1, \"1\"]").get("V"), "V")).isTrue();
    }

    @Test
    void ruleFunctionsTestMembership() {
        assertThat(eval("!Contains [[a, b], b]")).isEqualTo("true");
        assertThat(eval("!EachMemberEquals [[a, a], a]")).isEqualTo("true");
        assertThat(eval("!EachMemberIn [[a, c], [a, b]]")).isEqualTo("false");
    }

    @Test
    void base64EncodesTheText() {
        assertThat(eval("!Base64 hello")).isEqualTo("\"aGVsbG8=\"");
    }

    @Test
    void getAzsListsZonesOfTheRegion() {
        assertThat(eval("!GetAZs ''")).isEqualTo("[\"us-east-1a\",\"us-east-1b\",\"us-east-1c\"]");
    }

    @Test
    void importValueAsksForTheExport() {
        assertThat(eval("!ImportValue shared-arn")).isEqualTo("\"imported:shared-arn\"");
    }

    @Test
    void anUnsupportedFunctionIsRefusedWithItsPath() {
        assertThatThrownBy(() -> eval("{Deep: !Cidr [a, 1, 2]}")).hasMessageContaining("Fn::Cidr is not supported")
                .hasMessageContaining("V.Deep.Fn::Cidr");
    }


    @Test
    void aJoinedStringIsBoundedBeforeItIsMade() {
        Intrinsics big = TemplateFixtures.intrinsics("{}", Map.of("P",
                JsonNodeFactory.instance.textNode("x".repeat(4096))));
        String items = String.join(", ", java.util.Collections.nCopies(300, "!Ref P"));
        assertThatThrownBy(() -> big.evaluate(TemplateReader.read("V: !Join [\"\", [" + items + "]]").get("V"), "V"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Fn::Join resolves to a string longer than 1048576 bytes");
        assertThatThrownBy(() -> big.evaluate(TemplateReader.read("V: !Sub \"" + "${P}".repeat(300) + "\"")
                .get("V"), "V")).hasMessageContaining("Fn::Sub resolves to a string longer than 1048576 bytes");
    }

    @Test
    void whatTheFunctionsOfOneEvaluationProduceIsBoundedInTotal() {
        Intrinsics big = TemplateFixtures.intrinsics("{}", Map.of("P",
                JsonNodeFactory.instance.textNode("x".repeat(4096))));
        // each item is a short reference in the text and 4 KB in what is stored: 1,100 of them are 4.5 MB
        String items = String.join(", ", java.util.Collections.nCopies(1100, "!Ref P"));
        assertThatThrownBy(() -> big.evaluate(TemplateReader.read("V: [" + items + "]").get("V"), "V"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("the template's functions resolve to more than 4194304 bytes");
    }
}
