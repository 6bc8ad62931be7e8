package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Path;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import java.time.Instant;
import java.util.Locale;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * A profile's regions fronting two fake vLLM servers (us-east-1 and us-west-2), called with a real client:
 * what each server received and what the caller was told.
 */
class OpenAiFrontingTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HAIKU_PROFILE = "us." + HAIKU;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tokenizer TOKENIZER = new Tokenizer();

    @TempDir
    Path dataDir;
    FakeOpenAiServer east;
    FakeOpenAiServer west;

    @BeforeEach
    void startBackends() throws Exception {
        east = new FakeOpenAiServer();
        west = new FakeOpenAiServer();
    }

    @AfterEach
    void stopBackends() {
        east.close();
        west.close();
    }

    private TestOutcrop outcrop(FakeOpenAiServer... backends) {
        StringBuilder yaml = new StringBuilder("deployments:\n");
        String[] regions = {"us-east-1", "us-west-2"};
        for (int i = 0; i < backends.length; i++) {
            yaml.append("""
                      - model: %s
                        regions: [%s]
                        url: %s
                        remoteModel: served
                        continueFinalMessage: true
                    """.formatted(HAIKU, regions[i], backends[i].url()));
        }
        return TestOutcrop.start(ConfigLoader.parse(yaml.toString(), "test").withDataDir(dataDir)
                .with(new RoutingConfig(3, 10_000, 2, 60_000, 200, 400)));
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static JsonNode lastRequest(FakeOpenAiServer backend) throws Exception {
        return JSON.readTree(backend.requests().getLast());
    }

    @Test
    void aContinuationAsksOnlyForTheTokensLeftUnderMaxTokens() throws Exception {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("The", " quick", " brown", " fox"), "stop", null, 20, 4, 0)
                .cutAfter(4)); // the role chunk and three tokens, then the connection drops
        west.answer(FakeOpenAiServer.Answer.vllm(List.of(" fox", " jumps"), "length", null, 23, 9, 0));
        try (TestOutcrop outcrop = outcrop(east, west); BedrockRuntimeClient runtime = outcrop.runtime()) {
            ConverseResponse response = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("a story"))
                    .inferenceConfig(c -> c.maxTokens(12)));

            int cutAt = TOKENIZER.count("The quick brown");
            assertThat(lastRequest(west).path("max_tokens").asInt()).isEqualTo(12 - cutAt);
            assertThat(response.output().message().content().getFirst().text()).isEqualTo("The quick brown fox jumps");
            assertThat(response.usage().outputTokens()).isEqualTo(cutAt + 9).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void aStreamBrokenJustAsItReachedMaxTokensEndsThereWithoutAnotherCall() {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("The", " quick", " brown", " fox"), "stop", null, 20, 4, 0)
                .cutAfter(4));
        west.answer(FakeOpenAiServer.Answer.vllm(List.of(" fox"), "length", null, 23, 1, 0));
        try (TestOutcrop outcrop = outcrop(east, west); BedrockRuntimeClient runtime = outcrop.runtime()) {
            ConverseResponse response = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("a story"))
                    .inferenceConfig(c -> c.maxTokens(3)));

            assertThat(response.output().message().content().getFirst().text()).isEqualTo("The quick brown");
            assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(response.usage().outputTokens()).isEqualTo(3);
            assertThat(west.requests()).isEmpty();
        }
    }

    @Test
    void eachCallIsCountedAndPricedAsTheBackendReportedItWithCacheReadsApart() {
        int[][] reported = {{29, 4, 2}, {40, 7, 0}, {120, 3, 96}}; // prompt_tokens, completion_tokens, cached_tokens
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (int[] usage : reported) {
                east.answer(FakeOpenAiServer.Answer.vllm(List.of("Hi"), "stop", null, usage[0], usage[1], usage[2]));

                ConverseResponse response = runtime.converse(r -> r.modelId(HAIKU).messages(user("hello")));

                assertThat(response.usage().inputTokens()).isEqualTo(usage[0] - usage[2]);
                assertThat(response.usage().cacheReadInputTokens()).isEqualTo(usage[2] > 0 ? usage[2] : null);
                assertThat(response.usage().outputTokens()).isEqualTo(usage[1]);
                assertThat(response.usage().totalTokens()).isEqualTo(usage[0] + usage[1]);
                UsageRecord record = outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                        .filter(r -> r.requestId().equals(response.responseMetadata().requestId())).findFirst().orElseThrow();
                assertThat(record.inputTokens()).isEqualTo(usage[0] - usage[2]);
                assertThat(record.cacheReadTokens()).isEqualTo(usage[2]);
                assertThat(record.outputTokens()).isEqualTo(usage[1]);
                assertThat(record.costMicros()).isEqualTo(
                        ((usage[0] - usage[2]) * 250L + usage[1] * 1250L + usage[2] * 25L + 999) / 1000);
            }

            String csv = outcrop.adminGet("/_outcrop/usage?groupBy=model&format=csv");
            long cost = 0;
            for (int[] usage : reported) {
                cost += ((usage[0] - usage[2]) * 250L + usage[1] * 1250L + usage[2] * 25L + 999) / 1000;
            }
            assertThat(csv).isEqualTo("period,group,calls,errors,input_tokens,output_tokens,cache_read_input_tokens,"
                    + "cache_write_input_tokens,cost_usd\n"
                    + "total," + HAIKU + ",3,0,91,14,98,0," + String.format(Locale.ROOT, "%.6f", cost / 1_000_000.0) + "\n");
        }
    }

    @Test
    void aToolResultForNoToolUseOfThePreviousTurnIsRefusedAsBedrockRefusesIt() {
        assertTheWeatherCallIsRefusedWhenAnsweredWith(Message.builder().role(ConversationRole.USER)
                .content(ContentBlock.fromToolResult(r -> r.toolUseId("tooluse_other")
                        .content(ToolResultContentBlock.fromText("18C")))).build());
    }

    @Test
    void aTurnThatAnswersAToolUseWithoutItsToolResultIsRefusedAsBedrockRefusesIt() {
        assertTheWeatherCallIsRefusedWhenAnsweredWith(user("no result, just talk"));
    }

    /** The assistant asked for get_weather (tooluse_weather); {@code answer} does not answer it, and no server is asked. */
    private void assertTheWeatherCallIsRefusedWhenAnsweredWith(Message answer) {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("Hi"), "stop", null, 10, 1, 0));
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            Message asked = Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromToolUse(u -> u
                    .toolUseId("tooluse_weather").name("get_weather").input(Document.mapBuilder().build()))).build();

            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("weather?"), asked, answer)
                    .toolConfig(t -> t.tools(Tool.fromToolSpec(s -> s.name("get_weather")
                            .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object").build())))))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("Expected toolResult blocks at messages.2.content for the following Ids: tooluse_weather");
            assertThat(east.requests()).isEmpty();
        }
    }

    @Test
    void refusedRequestsDoNotTakeTheDeploymentOutOfRotation() {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("Hi"), "stop", null, 10, 1, 0));
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            Message pdf = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("read"),
                    ContentBlock.fromDocument(d -> d.format("pdf").name("report")
                            .source(s -> s.bytes(SdkBytes.fromUtf8String("%PDF-1.7"))))).build();
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(pdf)))
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("doesn't support the document content block")
                        .hasMessageContaining("messages.0.content.1.document");
            }

            assertThat(runtime.converse(r -> r.modelId(HAIKU).messages(user("hello"))).output().message().content()
                    .getFirst().text()).isEqualTo("Hi");
        }
    }

    @Test
    void aFailingBackendIsDescribedToTheAdminAndNotToTheCaller() {
        east.answer(new FakeOpenAiServer.Answer(500, "application/json", List.of("{\"error\":\"CUDA out of memory\"}"),
                false, 0));
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("hello"))))
                    .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                                "The system encountered an unexpected error during processing. Try your request again.");
                        assertThat(e.resourceName()).isEqualTo(HAIKU);
                        assertThat(e.awsErrorDetails().rawResponse().asUtf8String())
                                .doesNotContain("CUDA", "@us-east-1", east.url().toString(), "served");
                    });

            assertThat(outcrop.adminGet("/_outcrop/deployments")).contains("answered 500: CUDA out of memory");
        }
    }

    private static final String ANTHROPIC_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
            + "\"stop_sequences\":[\"END\"],\"messages\":[{\"role\":\"user\",\"content\":\"Count to three\"}]}";

    @Test
    void anAnthropicAnswerNamesTheStopSequenceTheBackendStoppedAt() throws Exception {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("1 2 3 "), "stop", "END", 20, 4, 0));
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            JsonNode answer = JSON.readTree(runtime.invokeModel(r -> r.modelId(HAIKU)
                    .body(SdkBytes.fromUtf8String(ANTHROPIC_BODY))).body().asUtf8String());

            assertThat(answer.path("stop_reason").asText()).isEqualTo("stop_sequence");
            assertThat(answer.path("stop_sequence").asText()).isEqualTo("END");
            assertThat(answer.path("usage").toString()).isEqualTo("{\"input_tokens\":20,\"output_tokens\":4}");
        }
    }

    @Test
    void anAnthropicStreamIsShapedAsBedrockShapesIt() throws Exception {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("1", " 2", " 3 "), "stop", "END", 20, 4, 0));
        List<JsonNode> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.invokeModelWithResponseStream(r -> r.modelId(HAIKU).body(SdkBytes.fromUtf8String(ANTHROPIC_BODY)),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(chunk -> {
                                try {
                                    chunks.add(JSON.readTree(chunk.bytes().asUtf8String()));
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }).build()).build()).join();
        }

        JsonNode start = chunks.getFirst();
        assertThat(start.path("type").asText()).isEqualTo("message_start");
        assertThat(start.path("message").path("usage").path("input_tokens").asInt())
                .isEqualTo(TOKENIZER.count(new dev.outcrop.invoke.ChatRequest(List.of(), List.of(new dev.outcrop.invoke.Message(
                        "user", List.of(new dev.outcrop.invoke.ContentBlock.Text("Count to three")))), null, List.of(), null, null)));
        JsonNode delta = chunks.get(chunks.size() - 2);
        assertThat(delta.path("type").asText()).isEqualTo("message_delta");
        assertThat(delta.path("delta").toString()).isEqualTo("{\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"END\"}");
        JsonNode metrics = chunks.getLast().path("amazon-bedrock-invocationMetrics");
        assertThat(metrics.path("inputTokenCount").asInt()).isEqualTo(20);
        assertThat(metrics.path("outputTokenCount").asInt()).isEqualTo(4);
        assertThat(metrics.path("invocationLatency").isIntegralNumber()).isTrue();
        assertThat(metrics.path("firstByteLatency").isIntegralNumber()).isTrue();
        assertThat(metrics.path("firstByteLatency").asLong()).isLessThanOrEqualTo(metrics.path("invocationLatency").asLong());
    }

    @Test
    void aBrokenAnswerThatNoRealDeploymentCanContinueIsAnErrorNotFinishedByTheSimulator() {
        east.answer(FakeOpenAiServer.Answer.vllm(List.of("The", " quick", " brown", " fox"), "stop", null, 20, 4, 0)
                .cutAfter(3));
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("a story"))))
                    .isInstanceOf(ModelStreamErrorException.class);
        }
    }

    @Test
    void aThrottledRealDeploymentIsNeverAnsweredByTheSimulatorInAnotherRegion() {
        east.answer(FakeOpenAiServer.Answer.vllmError(429, "queue full"));
        try (TestOutcrop outcrop = outcrop(east); BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hello"))))
                    .isInstanceOf(ThrottlingException.class);
        }
    }
}
