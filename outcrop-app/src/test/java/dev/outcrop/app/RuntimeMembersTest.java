package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConverseContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfigLatency;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTierType;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseType;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The runtime members that change how a call is served: each takes effect or is refused with a
 * ValidationException naming it (docs/runtime.md, "Every input member").
 */
class RuntimeMembersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    @TempDir
    static Path dataDir;
    static FakeOpenAiServer backend;
    static TestOutcrop outcrop;
    static BedrockRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        backend = new FakeOpenAiServer();
        backend.answer(OpenAiBackends.textStream(5, 2, "Fine."));
        outcrop = TestOutcrop.start(OpenAiBackends.deployment(LLAMA, backend, dataDir));
        runtime = outcrop.runtime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        outcrop.close();
        backend.close();
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static Tool tool(String name) {
        return Tool.fromToolSpec(t -> t.name(name).inputSchema(s -> s.json(Document.mapBuilder()
                .putString("type", "object").putDocument("properties", Document.mapBuilder().putDocument("city",
                        Document.mapBuilder().putString("type", "string").build()).build()).build())));
    }

    private static JsonNode lastBackendRequest() throws Exception {
        return JSON.readTree(backend.requests().getLast());
    }

    @Test
    void aGuardrailIsRefusedWithBedrocksErrorForAGuardrailThatDoesNotExist() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .guardrailConfig(g -> g.guardrailIdentifier("abc123").guardrailVersion("1"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The guardrail identifier or version provided in the request does not exist.");
        assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(HAIKU_PROFILE).guardrailIdentifier("abc123")
                .guardrailVersion("DRAFT").body(SdkBytes.fromUtf8String("""
                        {"anthropic_version":"bedrock-2023-05-31","max_tokens":10,
                         "messages":[{"role":"user","content":"hi"}]}"""))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The guardrail identifier or version provided in the request does not exist.");
    }

    @Test
    void latencyOptimizedInferenceIsRefusedByNameWhileStandardIsServed() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .performanceConfig(p -> p.latency(PerformanceConfigLatency.OPTIMIZED))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'performanceConfig.latency'");

        assertThat(runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .performanceConfig(p -> p.latency(PerformanceConfigLatency.STANDARD))).stopReason())
                .isEqualTo(StopReason.END_TURN);
    }

    @Test
    void aServiceTierOtherThanDefaultIsRefusedByName() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .serviceTier(t -> t.type(ServiceTierType.PRIORITY))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'serviceTier.type'");
        assertThat(runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .serviceTier(t -> t.type(ServiceTierType.DEFAULT))).stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void aSystemToolAndStrictToolUseAreRefusedByName() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .toolConfig(c -> c.tools(tool("a"), Tool.fromSystemTool(s -> s.name("nova_grounding"))))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'toolConfig.tools.2.member.systemTool.name'");
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .toolConfig(c -> c.tools(Tool.fromToolSpec(t -> t.name("a").strict(true)
                        .inputSchema(s -> s.json(Document.mapBuilder().putString("type", "object").build())))))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'toolConfig.tools.1.member.toolSpec.strict'");
    }

    @Test
    void aSystemToolsCallInTheConversationIsRefusedByName() {
        Message call = Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromToolUse(u -> u
                .toolUseId("t1").name("nova_grounding").type(ToolUseType.SERVER_TOOL_USE)
                .input(Document.mapBuilder().build()))).build();

        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE)
                .messages(user("hi"), call, user("and?"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'toolUse.type'");
    }

    @Test
    void aMalformedResponseFieldPathIsRefusedByName() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .additionalModelResponseFieldPaths("stop_sequence")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'additionalModelResponseFieldPaths'");
    }

    @Test
    void responseFieldPathsAreAnsweredFromTheModelsNativeAnswerThroughConverseAndConverseStream() {
        ConverseResponse answer = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("hi"))
                .inferenceConfig(c -> c.maxTokens(3))
                .additionalModelResponseFieldPaths("/stop_reason", "/usage/output_tokens", "/no_such_field"));
        List<Document> streamed = new ArrayList<>();
        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(ConverseStreamRequest.builder().modelId(HAIKU_PROFILE).messages(user("hi"))
                    .inferenceConfig(c -> c.maxTokens(3)).additionalModelResponseFieldPaths("/stop_reason").build(),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onMessageStop(e -> streamed.add(e.additionalModelResponseFields())).build()).build()).join();
        }

        assertThat(answer.additionalModelResponseFields().asMap()).containsOnlyKeys("stop_reason", "usage");
        assertThat(answer.additionalModelResponseFields().asMap().get("stop_reason").asString()).isEqualTo("max_tokens");
        assertThat(answer.additionalModelResponseFields().asMap().get("usage").asMap().get("output_tokens")
                .asNumber().intValue()).isEqualTo(3);
        assertThat(streamed).singleElement().satisfies(fields ->
                assertThat(fields.asMap().get("stop_reason").asString()).isEqualTo("max_tokens"));
    }

    @Test
    void cachePointsInTheSystemPromptTheMessagesAndTheToolsAreAccepted() {
        CachePointBlock cachePoint = CachePointBlock.builder().type(CachePointType.DEFAULT).build();
        ConverseResponse answer = runtime.converse(r -> r.modelId(HAIKU_PROFILE)
                .system(SystemContentBlock.fromText("Be brief."), SystemContentBlock.fromCachePoint(cachePoint))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi"),
                        ContentBlock.fromCachePoint(cachePoint)).build())
                .toolConfig(c -> c.tools(tool("a"), Tool.fromCachePoint(cachePoint))));

        assertThat(answer.stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void aSpecificToolChoiceIsTheToolCalled() {
        ConverseResponse answer = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("Weather?"))
                .toolConfig(c -> c.tools(tool("first"), tool("second")).toolChoice(t -> t.tool(n -> n.name("second")))));

        assertThat(answer.output().message().content()).filteredOn(b -> b.toolUse() != null)
                .singleElement().satisfies(b -> assertThat(b.toolUse().name()).isEqualTo("second"));
    }

    @Test
    void eachToolChoiceReachesAnOpenAiCompatibleBackend() throws Exception {
        runtime.converse(r -> r.modelId(LLAMA).messages(user("Weather?"))
                .toolConfig(c -> c.tools(tool("first"), tool("second")).toolChoice(t -> t.any(a -> { }))));
        assertThat(lastBackendRequest().path("tool_choice").asText()).isEqualTo("required");

        runtime.converse(r -> r.modelId(LLAMA).messages(user("Weather?"))
                .toolConfig(c -> c.tools(tool("first"), tool("second")).toolChoice(t -> t.tool(n -> n.name("second")))));
        assertThat(lastBackendRequest().path("tool_choice").path("function").path("name").asText()).isEqualTo("second");

        runtime.converse(r -> r.modelId(LLAMA).messages(user("Weather?"))
                .toolConfig(c -> c.tools(tool("first")).toolChoice(t -> t.auto(a -> { }))));
        assertThat(lastBackendRequest().path("tools")).hasSize(1);
        assertThat(lastBackendRequest().path("tool_choice").isMissingNode()
                || lastBackendRequest().path("tool_choice").asText().equals("auto")).isTrue();
    }

    @Test
    void additionalModelRequestFieldsReachAnOpenAiCompatibleBackendAsBodyMembers() throws Exception {
        runtime.converse(r -> r.modelId(LLAMA).messages(user("hi")).additionalModelRequestFields(Document.mapBuilder()
                .putNumber("top_k", 5).putNumber("repetition_penalty", 1.1).build()));

        assertThat(lastBackendRequest().path("repetition_penalty").asDouble()).isEqualTo(1.1);
        assertThat(lastBackendRequest().path("top_k").asInt()).isEqualTo(5);
    }

    @Test
    void anAdditionalFieldThatWouldReplaceARequestMemberIsRefusedByName() {
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(user("hi"))
                .additionalModelRequestFields(Document.mapBuilder().putBoolean("stream", false).build())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'additionalModelRequestFields.stream'");
    }

    @Test
    void guardContentIsReadByTheModelLikeAnyTextWhenNoGuardrailIsGiven() throws Exception {
        runtime.converse(r -> r.modelId(LLAMA)
                .system(SystemContentBlock.fromGuardContent(GuardrailConverseContentBlock.fromText(t -> t.text("Be kind."))))
                .messages(Message.builder().role(ConversationRole.USER).content(
                        ContentBlock.fromGuardContent(GuardrailConverseContentBlock.fromText(t -> t.text("Hello there"))))
                        .build()));

        assertThat(lastBackendRequest().path("messages").toString()).contains("Be kind.").contains("Hello there");
    }
}
