package dev.outcrop.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.invoke.AnswerConfidence;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.OutputSchema;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a cascading router checks the cheaper model's answer for. */
class CascadeCheckTest {
    private static final ChatRequest PLAIN = new ChatRequest(List.of(), List.of(new Message("user",
            List.of(new ContentBlock.Text("hi")))), InferenceParameters.DEFAULTS, List.of(), null, null);

    private static ChatResult answer(String text, StopReason stop) {
        return new ChatResult(List.of(new ContentBlock.Text(text)), stop, Usage.NONE);
    }

    @Test
    void aRefusalIsToldByItsOpeningOrByAContentFilter() {
        for (String refusal : List.of("I'm sorry, but I can't help with that.", "I cannot assist with this request.",
                "Sorry, I can't do that.", "  I won't provide instructions for that.",
                "As an AI language model, I cannot browse the web.")) {
            assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, PLAIN, answer(refusal, StopReason.END_TURN)))
                    .as(refusal).contains(CascadeCheck.REFUSAL);
        }
        assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, PLAIN, answer("Paris.", StopReason.CONTENT_FILTERED)))
                .contains(CascadeCheck.REFUSAL);
        for (String answer : List.of("Paris is the capital of France.", "I can help: the answer is 4.",
                "The user said 'I cannot help with that', which is a refusal.")) {
            assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, PLAIN, answer(answer, StopReason.END_TURN)))
                    .as(answer).isEmpty();
        }
    }

    @Test
    void aTruncatedAnswerFailsOnlyWhenTruncationIsChecked() {
        ChatResult cut = answer("The first three steps are", StopReason.MAX_TOKENS);

        assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, PLAIN, cut)).contains(CascadeCheck.TRUNCATION);
        assertThat(CascadeCheck.failing(Set.of(CascadeCheck.REFUSAL), PLAIN, cut)).isEmpty();
    }

    @Test
    void anAnswerLessSureThanTheRoutersLeastConfidenceFailsWhenConfidenceIsChecked() {
        ChatResult paris = answer("Paris.", StopReason.END_TURN);
        Set<CascadeCheck> checks = Set.of(CascadeCheck.REFUSAL, CascadeCheck.LOW_CONFIDENCE);
        AnswerConfidence unsure = new AnswerConfidence(4, 4 * Math.log(0.4)); // each token at 0.4 on average
        AnswerConfidence sure = new AnswerConfidence(4, 4 * Math.log(0.9));

        assertThat(unsure.meanProbability()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(CascadeCheck.failing(checks, 0.5, PLAIN, paris, unsure)).contains(CascadeCheck.LOW_CONFIDENCE);
        assertThat(CascadeCheck.failing(checks, 0.5, PLAIN, paris, sure)).isEmpty();
        assertThat(CascadeCheck.failing(checks, 0.95, PLAIN, paris, sure)).contains(CascadeCheck.LOW_CONFIDENCE);
        assertThat(CascadeCheck.failing(checks, 0.5, PLAIN, paris, null)).as("no logprobs: nothing to judge").isEmpty();
        assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, 0, PLAIN, paris, unsure)).as("not checked").isEmpty();
        assertThat(CascadeCheck.DEFAULTS).doesNotContain(CascadeCheck.LOW_CONFIDENCE);
        assertThatThrownBy(() -> new AnswerConfidence(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerConfidence(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerConfidence(1, Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAnswerThatIsNotTheRequestedJsonIsInvalidOutput() throws Exception {
        OutputSchema schema = OutputSchema.of("city", null, new ObjectMapper().readTree(
                "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}"));
        ChatRequest structured = new ChatRequest(PLAIN.system(), PLAIN.messages(), PLAIN.parameters(), List.of(), null,
                null, schema);

        assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, structured, answer("Paris", StopReason.END_TURN)))
                .contains(CascadeCheck.INVALID_OUTPUT);
        assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, structured,
                answer("{\"city\": \"Paris\"}", StopReason.END_TURN))).isEqualTo(Optional.empty());
        assertThat(CascadeCheck.failing(CascadeCheck.DEFAULTS, PLAIN, answer("Paris", StopReason.END_TURN))).isEmpty();
    }

    @Test
    void namesAreReadExactlyAndListedInOrder() {
        assertThat(CascadeCheck.parse("truncation, refusal")).containsExactlyInAnyOrder(CascadeCheck.TRUNCATION,
                CascadeCheck.REFUSAL);
        assertThat(CascadeCheck.format(Set.of(CascadeCheck.ERROR, CascadeCheck.REFUSAL))).isEqualTo("refusal,error");
        assertThat(CascadeCheck.parse("")).isEmpty();
        assertThatThrownBy(() -> CascadeCheck.of("boredom")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusal, truncation, invalid-output, low-confidence, error");
    }
}
