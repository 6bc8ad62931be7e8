package dev.outcrop.server.smithy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.SerializationException;
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

    private static String converseWith(String inferenceConfig) {
        return "{\"modelId\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],"
                + "\"inferenceConfig\":" + inferenceConfig + "}";
    }

    @Test
    void anIntegerPastThirtyTwoBitsIsRefusedAsUnreadableInsteadOfWrappingPastItsRange() throws Exception {
        assertThatThrownBy(() -> VALIDATOR.validate(CONVERSE, json(converseWith("{\"maxTokens\":2147483648}"))))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Value '2147483648' at 'inferenceConfig.maxTokens' cannot be read as an integer: an integer "
                        + "must be between -2147483648 and 2147483647.");
    }

    @Test
    void twoToTheThirtySecondIsRefusedRatherThanReadAsZero() throws Exception {
        assertThatThrownBy(() -> VALIDATOR.validate(CONVERSE, json(converseWith("{\"maxTokens\":4294967296}"))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'4294967296'");
        assertThatThrownBy(() -> VALIDATOR.validate(CONVERSE, json(converseWith("{\"maxTokens\":"
                + "1" + "0".repeat(40) + "}")))).isInstanceOf(SerializationException.class);
    }

    @Test
    void theLargestThirtyTwoBitIntegerIsStillAValidMaxTokens() throws Exception {
        assertThat(VALIDATOR.violations(CONVERSE, json(converseWith("{\"maxTokens\":2147483647}")), Set.of())).isEmpty();
    }

    @Test
    void aNumberTooLargeForADoubleIsRefusedAsUnreadableNotAnInternalError() throws Exception {
        assertThatThrownBy(() -> VALIDATOR.validate(CONVERSE, json(converseWith("{\"temperature\":1e400}"))))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Value 'Infinity' at 'inferenceConfig.temperature' cannot be read as a float");
    }

    @Test
    void aValueOfTheWrongLengthIsReportedForItsLengthAloneAndNotMatchedAgainstThePattern() throws Exception {
        String longId = "a_".repeat(50_000);
        assertThat(VALIDATOR.violations(CONVERSE, json("{\"modelId\":\"" + longId + "\",\"messages\":[]}"), Set.of()))
                .singleElement().asString()
                .endsWith("at 'modelId' failed to satisfy constraint: Member must have length less than or equal to 2048");
    }

    @Test
    void aModelIdThatFillsItsLengthIsMatchedOnAVirtualThreadWithoutOverflowingItsStack() throws Exception {
        String id = "a_".repeat(1023) + "!"; // 2,047 characters: within the length, outside every form of model id
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(VALIDATOR.violations(CONVERSE, json("{\"modelId\":\"" + id + "\",\"messages\":[]}"),
                        Set.of()));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        assertThat(thread.join(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(outcome.get()).asList().singleElement().asString()
                .contains("at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern");
    }
}
