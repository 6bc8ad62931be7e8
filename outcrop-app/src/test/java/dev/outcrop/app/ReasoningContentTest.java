package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** A reasoning model's thinking, from an OpenAI-compatible backend, as Converse's reasoning blocks. */
class ReasoningContentTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";

    @TempDir
    Path dataDir;

    @Test
    void theBackendsReasoningIsAnsweredAsAReasoningBlockBeforeTheTextThroughConverseAndConverseStream()
            throws Exception {
        try (FakeOpenAiServer backend = new FakeOpenAiServer()) {
            backend.answer(OpenAiBackends.reasoningStream("The user greets me.", "Hello!"));
            try (TestOutcrop outcrop = TestOutcrop.start(OpenAiBackends.deployment(LLAMA, backend, dataDir));
                 BedrockRuntimeClient runtime = outcrop.runtime(); BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
                Message hello = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build();
                ConverseResponse answer = runtime.converse(r -> r.modelId(LLAMA).messages(hello));
                List<String> deltas = new ArrayList<>();
                async.converseStream(r -> r.modelId(LLAMA).messages(hello), ConverseStreamResponseHandler.builder()
                        .subscriber(ConverseStreamResponseHandler.Visitor.builder().onContentBlockDelta(e -> deltas.add(
                                e.contentBlockIndex() + ":" + (e.delta().reasoningContent() != null
                                        ? "reasoning:" + e.delta().reasoningContent().text() : "text:" + e.delta().text())))
                                .build()).build()).join();

                assertThat(answer.output().message().content()).satisfiesExactly(
                        b -> assertThat(b.reasoningContent().reasoningText().text()).isEqualTo("The user greets me."),
                        b -> assertThat(b.text()).isEqualTo("Hello!"));
                assertThat(deltas).containsExactly("0:reasoning:The user greets me.", "1:text:Hello!");
            }
        }
    }
}
