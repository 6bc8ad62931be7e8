package dev.outcrop.server.smithy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ValidationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validator speaks in AWS's words, with AWS's paths, for every constraint kind. */
class InputValidatorTest {
    private static final InputValidator VALIDATOR = new InputValidator(SmithyModel.bedrock());
    private static final String CONVERSE = "com.amazonaws.bedrockruntime#ConverseRequest";

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aRangeViolationNamesTheValueThePathAndTheBound() throws Exception {
        assertThatThrownBy(() -> VALIDATOR.validate(CONVERSE, json("""
                {"modelId":"m","messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":-1}}""")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("1 validation error detected: Value '-1' at 'inferenceConfig.maxTokens' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void listElementsArePathedOneBasedWithMember() throws Exception {
        assertThat(VALIDATOR.violations(CONVERSE, json("""
                {"modelId":"m","messages":[{"role":"user","content":[{"text":"hi"}]},{"role":"robot","content":[]}]}"""),
                Set.of()))
                .containsExactly("Value 'robot' at 'messages.2.member.role' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [user, assistant]");
    }

    @Test
    void aUnionWithTwoMembersSetIsRejected() throws Exception {
        assertThat(VALIDATOR.violations(CONVERSE, json("""
                {"modelId":"m","messages":[{"role":"user","content":[{"text":"hi","image":{"format":"png","source":{"bytes":"AA=="}}}]}]}"""),
                Set.of()))
                .singleElement().asString().contains("at 'messages.1.member.content.1.member'")
                .contains("exactly one of its members set");
    }

    @Test
    void aWrongJsonTypeIsReportedWithWhatWasExpected() throws Exception {
        assertThat(VALIDATOR.violations(CONVERSE, json("""
                {"modelId":"m","messages":"hello","inferenceConfig":{"temperature":"hot"}}"""), Set.of()))
                .containsExactlyInAnyOrder(
                        "Value at 'messages' failed to satisfy constraint: Member must be a list",
                        "Value at 'inferenceConfig.temperature' failed to satisfy constraint: Member must be a number");
    }

    @Test
    void documentsAcceptAnyJson() throws Exception {
        assertThat(VALIDATOR.violations(CONVERSE, json("""
                {"modelId":"m","messages":[{"role":"user","content":[{"text":"hi"}]}],
                 "additionalModelRequestFields":{"top_k":200,"nested":[1,"two",{"three":null}]}}"""), Set.of()))
                .isEmpty();
    }
}
