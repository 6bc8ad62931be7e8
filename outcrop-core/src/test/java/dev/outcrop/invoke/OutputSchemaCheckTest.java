package dev.outcrop.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ModelErrorException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSchemaCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelProvider provider(boolean enforces) {
        return new ModelProvider() {
            @Override
            public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean enforcesOutputSchema() {
                return enforces;
            }
        };
    }

    private static ChatRequest structured() throws Exception {
        OutputSchema schema = OutputSchema.of("answer", null, JSON.readTree(
                "{\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"n\":{\"type\":\"integer\"}}}"));
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text("hi")))), null,
                List.of(), null, null, schema);
    }

    private static void answer(ChatEventSink sink, StopReason reason, String... pieces) {
        sink.accept(new ChatEvent.MessageStart("assistant"));
        for (String piece : pieces) {
            sink.accept(new ChatEvent.TextDelta(0, piece));
        }
        sink.accept(new ChatEvent.BlockStop(0));
        sink.accept(new ChatEvent.MessageStop(reason));
        sink.accept(new ChatEvent.Metadata(new Usage(1, 2, 0, 0)));
    }

    @Test
    void aConformingAnswerIsPassedOnWhole() throws Exception {
        List<ChatEvent> received = new ArrayList<>();

        answer(OutputSchemaCheck.around(provider(false), structured(), received::add), StopReason.END_TURN, "{\"n\":", "1}");

        assertThat(received).hasSize(6);
    }

    @Test
    void aNonconformingAnswerIsAModelErrorAndNoneOfItIsPassedOn() throws Exception {
        List<ChatEvent> received = new ArrayList<>();
        ChatEventSink sink = OutputSchemaCheck.around(provider(false), structured(), received::add);

        assertThatThrownBy(() -> answer(sink, StopReason.END_TURN, "{\"n\":", "\"one\"}"))
                .isInstanceOf(ModelErrorException.class).hasMessageContaining("outputConfig.textFormat");
        assertThat(received).isEmpty();
    }

    @Test
    void anAnswerCutByItsTokenLimitIsPassedOnAsItIs() throws Exception {
        List<ChatEvent> received = new ArrayList<>();

        answer(OutputSchemaCheck.around(provider(false), structured(), received::add), StopReason.MAX_TOKENS, "{\"n\":");

        assertThat(received).contains(new ChatEvent.MessageStop(StopReason.MAX_TOKENS));
    }

    @Test
    void aProviderThatEnforcesTheSchemaIsNotChecked() throws Exception {
        ChatEventSink sink = event -> { };

        assertThat(OutputSchemaCheck.around(provider(true), structured(), sink)).isSameAs(sink);
    }
}
