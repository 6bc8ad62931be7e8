package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The runtime operations through the AWS SDK for Java v2 (sync over HTTP/1.1, async over h2c). */
class RuntimeTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";

    @RegisterExtension
    static final OutcropServerExtension server = new OutcropServerExtension();
    static BedrockRuntimeClient runtime;
    static BedrockRuntimeAsyncClient async;
    static String applicationProfileArn;

    @BeforeAll
    static void start() {
        runtime = server.runtime();
        async = server.runtimeAsyncH2c();
        applicationProfileArn = server.bedrock().createInferenceProfile(r -> r.inferenceProfileName("runtime-app")
                .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                        + HAIKU_PROFILE))).inferenceProfileArn();
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static ConverseResponse converse(String modelId, String text) {
        return runtime.converse(r -> r.modelId(modelId).messages(user(text)));
    }

    @Test
    void conversesThroughAModelIdASystemProfileAndAnApplicationProfileArn() {
        for (String modelId : List.of(HAIKU, HAIKU_PROFILE, applicationProfileArn)) {
            ConverseResponse response = converse(modelId, "Explain inference profiles in one sentence");

            assertThat(response.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
            assertThat(response.output().message().content().getFirst().text())
                    .contains("Explain inference profiles in one sentence");
            assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(response.usage().inputTokens()).isPositive();
            assertThat(response.usage().totalTokens())
                    .isEqualTo(response.usage().inputTokens() + response.usage().outputTokens());
            assertThat(response.metrics().latencyMs()).isNotNull();
            assertThat(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-served-region")).hasValue("us-east-1");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"model id", "system profile id", "application profile ARN"})
    void everyRuntimeOperationTakesEveryFormOfModelId(String form) {
        String modelId = switch (form) {
            case "model id" -> HAIKU;
            case "system profile id" -> HAIKU_PROFILE;
            default -> applicationProfileArn;
        };
        String anthropicBody = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        List<String> streamed = new ArrayList<>();
        List<String> chunks = new ArrayList<>();

        ConverseResponse converse = converse(modelId, "hi");
        async.converseStream(r -> r.modelId(modelId).messages(user("hi")), ConverseStreamResponseHandler.builder()
                .subscriber(e -> streamed.add(e.sdkEventType().toString())).build()).join();
        String invoked = invoke(modelId, anthropicBody);
        async.invokeModelWithResponseStream(r -> r.modelId(modelId).body(SdkBytes.fromUtf8String(anthropicBody)),
                InvokeModelWithResponseStreamResponseHandler.builder().subscriber(e -> chunks.add(e.toString())).build())
                .join();
        int counted = runtime.countTokens(r -> r.modelId(modelId).input(i -> i.converse(c -> c.messages(user("hi")))))
                .inputTokens();

        assertThat(converse.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(streamed).startsWith("messageStart").endsWith("messageStop", "metadata");
        assertThat(invoked).contains("\"stop_reason\":\"max_tokens\"");
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(counted).isEqualTo(converse.usage().inputTokens());
    }

    @Test
    void theSameConversationGetsTheSameAnswer() {
        assertThat(converse(HAIKU, "same question").output()).isEqualTo(converse(HAIKU, "same question").output());
    }

    @Test
    void maxTokensAndStopSequencesEndTheAnswer() {
        ConverseResponse limited = runtime.converse(r -> r.modelId(HAIKU).messages(user("limit me"))
                .inferenceConfig(c -> c.maxTokens(3)));
        ConverseResponse stopped = runtime.converse(r -> r.modelId(HAIKU).messages(user("please stop here now"))
                .inferenceConfig(c -> c.stopSequences("stop here")));

        assertThat(limited.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(limited.usage().outputTokens()).isEqualTo(3);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(stopped.output().message().content().getFirst().text()).endsWith("please ").doesNotContain("stop here");
    }

    @Test
    void aToolIsCalledAndItsResultAnswered() {
        Tool weather = Tool.fromToolSpec(t -> t.name("get_weather").description("Weather of a city")
                .inputSchema(s -> s.json(Document.mapBuilder().putString("type", "object")
                        .putDocument("properties", Document.mapBuilder().putDocument("city",
                                Document.mapBuilder().putString("type", "string").build()).build()).build())));
        ConverseResponse call = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("Weather in Paris?"))
                .toolConfig(c -> c.tools(weather)));

        assertThat(call.stopReason()).isEqualTo(StopReason.TOOL_USE);
        ToolUseBlock use = call.output().message().content().stream().filter(b -> b.toolUse() != null)
                .findFirst().orElseThrow().toolUse();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use.input().asMap()).containsKey("city");

        List<Message> conversation = new ArrayList<>(List.of(user("Weather in Paris?"), call.output().message(),
                Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(tr -> tr
                        .toolUseId(use.toolUseId()).content(ToolResultContentBlock.fromText("18 degrees and sunny"))))
                        .build()));
        ConverseResponse answer = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(conversation)
                .toolConfig(c -> c.tools(weather)));

        assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(answer.output().message().content().getFirst().text()).contains("18 degrees and sunny");
    }

    @Test
    void inferenceConfigurationOutsideTheModelsConstraintsIsAValidationError() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("x"))
                .inferenceConfig(c -> c.maxTokens(0).temperature(1.5f))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("2 validation errors detected")
                .hasMessageContaining("Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must "
                        + "have value greater than or equal to 1")
                .hasMessageContaining("at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have "
                        + "value less than or equal to 1");
    }

    @Test
    void aConversationBreakingBedrocksRulesIsRejectedInBedrocksWords() {
        Message assistant = Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText("ok")).build();
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(List.of())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("A conversation must start with a user message.");
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(assistant, user("x"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("A conversation must start with a user message.");
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("x"), user("y"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("A conversation must alternate between user and assistant roles.");
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("x"), assistant, user(" "))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The text field in the ContentBlock object at messages.2.content.0 is blank.");
    }

    @Test
    void aModelServedOnlyThroughProfilesOrUnknownIsRejectedAsBedrockDoes() {
        assertThatThrownBy(() -> converse("anthropic.claude-sonnet-4-5-20250929-v1:0", "x"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("with on-demand throughput isn't supported");
        assertThatThrownBy(() -> converse("acme.nothing-v1:0", "x"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The provided model identifier is invalid");
    }

    @Test
    void aStreamArrivesInBedrocksEventOrder() {
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        async.converseStream(r -> r.modelId(applicationProfileArn).messages(user("stream please")),
                ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onMessageStart(e -> events.add("messageStart"))
                        .onContentBlockDelta(e -> {
                            events.add("contentBlockDelta");
                            text.append(e.delta().text());
                        })
                        .onContentBlockStop(e -> events.add("contentBlockStop"))
                        .onMessageStop(e -> events.add("messageStop:" + e.stopReasonAsString()))
                        .onMetadata(e -> events.add("metadata:" + e.usage().outputTokens()))
                        .build()).build()).join();

        assertThat(events.getFirst()).isEqualTo("messageStart");
        assertThat(events.subList(events.size() - 3, events.size())).satisfiesExactly(
                e -> assertThat(e).isEqualTo("contentBlockStop"),
                e -> assertThat(e).isEqualTo("messageStop:end_turn"),
                e -> assertThat(e).startsWith("metadata:"));
        assertThat(events).filteredOn("contentBlockDelta"::equals).hasSizeGreaterThan(5);
        assertThat(text.toString()).isEqualTo(converse(applicationProfileArn, "stream please").output().message()
                .content().getFirst().text());
    }

    private static String invoke(String modelId, String body) {
        InvokeModelResponse response = runtime.invokeModel(r -> r.modelId(modelId).contentType("application/json")
                .accept("application/json").body(SdkBytes.fromUtf8String(body)));
        assertThat(response.contentType()).isEqualTo("application/json");
        return response.body().asUtf8String();
    }

    @Test
    void invokeModelTakesAndAnswersEachFamilysNativeBody() {
        assertThat(invoke(HAIKU_PROFILE, """
                {"anthropic_version":"bedrock-2023-05-31","max_tokens":50,"messages":[{"role":"user","content":"hello"}]}"""))
                .contains("\"type\":\"message\"").contains("\"stop_reason\":").contains("\"input_tokens\":");
        assertThat(invoke("amazon.nova-lite-v1:0", """
                {"messages":[{"role":"user","content":[{"text":"hello"}]}],"inferenceConfig":{"max_new_tokens":10}}"""))
                .contains("\"output\":{\"message\":").contains("\"stopReason\":\"max_tokens\"");
        assertThat(invoke("meta.llama3-1-70b-instruct-v1:0", "{\"prompt\":\"hello\",\"max_gen_len\":5}"))
                .contains("\"generation\":").contains("\"stop_reason\":\"length\"");
        assertThat(invoke("mistral.mistral-7b-instruct-v0:2", "{\"prompt\":\"<s>[INST] hello [/INST]\",\"max_tokens\":5}"))
                .contains("\"outputs\":[{\"text\":");
        assertThat(invoke("amazon.titan-text-express-v1", """
                {"inputText":"hello","textGenerationConfig":{"maxTokenCount":5}}"""))
                .contains("\"results\":[{\"tokenCount\":5").contains("\"completionReason\":\"LENGTH\"");
    }

    @Test
    void aBodyOfTheWrongShapeSaysWhatWasExpected() {
        assertThatThrownBy(() -> invoke(HAIKU, "{\"prompt\":\"hello\"}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Anthropic Messages").hasMessageContaining("anthropic_version");
        assertThatThrownBy(() -> invoke(HAIKU, "not json"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void invokeModelWithResponseStreamSendsNativeChunks() {
        List<String> chunks = new ArrayList<>();
        async.invokeModelWithResponseStream(r -> r.modelId(HAIKU).body(SdkBytes.fromUtf8String("""
                {"anthropic_version":"bedrock-2023-05-31","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}""")),
                InvokeModelWithResponseStreamResponseHandler.builder().subscriber(event -> {
                    if (event instanceof software.amazon.awssdk.services.bedrockruntime.model.PayloadPart part) {
                        chunks.add(part.bytes().asString(StandardCharsets.UTF_8));
                    }
                }).build()).join();

        assertThat(chunks.getFirst()).contains("\"type\":\"message_start\"");
        assertThat(chunks).anyMatch(c -> c.contains("\"type\":\"content_block_delta\""));
        assertThat(chunks.getLast()).contains("\"type\":\"message_stop\"").contains("amazon-bedrock-invocationMetrics");
        assertThat(ResponseStream.EventType.CHUNK).isNotNull();
    }

    @Test
    void countTokensCountsConverseAndInvokeModelInputs() {
        int converse = runtime.countTokens(r -> r.modelId(HAIKU).input(i -> i.converse(c -> c.messages(
                user("hello world, count me"))))).inputTokens();
        int invoke = runtime.countTokens(r -> r.modelId(HAIKU).input(i -> i.invokeModel(m -> m.body(SdkBytes.fromUtf8String(
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hello world, count me\"}]}"))))).inputTokens();

        assertThat(converse).isEqualTo(invoke).isEqualTo(converse(HAIKU, "hello world, count me").usage().inputTokens());
    }
}
