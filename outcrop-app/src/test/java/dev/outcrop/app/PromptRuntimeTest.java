package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.ChatPromptTemplateConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.CreatePromptResponse;
import software.amazon.awssdk.services.bedrockagent.model.PromptInferenceConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptInputVariable;
import software.amazon.awssdk.services.bedrockagent.model.PromptModelInferenceConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptTemplateConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptTemplateType;
import software.amazon.awssdk.services.bedrockagent.model.PromptVariant;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.PromptVariableValues;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Converse and ConverseStream through a prompt version whose variant names an application profile over an
 * OpenAI-compatible backend, with the AWS SDK for Java v2's runtime clients: what reaches the backend is the
 * template filled and the variant's inference configuration; Bedrock's rules for what a request may add hold.
 */
class PromptRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final Map<String, PromptVariableValues> VARIABLES = Map.of(
            "persona", PromptVariableValues.fromText("a pirate"), "name", PromptVariableValues.fromText("Ann"));

    @TempDir
    Path dataDir;
    FakeOpenAiServer backend;
    TestOutcrop outcrop;
    String profileArn;
    String promptArn;
    String versionArn;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeOpenAiServer();
        outcrop = TestOutcrop.start(OpenAiBackends.deployment(LLAMA, backend, dataDir));
        try (BedrockClient bedrock = outcrop.bedrock()) {
            profileArn = bedrock.createInferenceProfile(r -> r.inferenceProfileName("pirates").modelSource(
                    s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + LLAMA))).inferenceProfileArn();
        }
        try (BedrockAgentClient agent = outcrop.agent()) {
            CreatePromptResponse prompt = agent.createPrompt(r -> r.name("pirate").defaultVariant("main").variants(
                    PromptVariant.builder().name("main").templateType(PromptTemplateType.CHAT).modelId(profileArn)
                            .templateConfiguration(PromptTemplateConfiguration.fromChat(ChatPromptTemplateConfiguration
                                    .builder()
                                    .system(software.amazon.awssdk.services.bedrockagent.model.SystemContentBlock
                                            .fromText("You are {{persona}}."))
                                    .messages(software.amazon.awssdk.services.bedrockagent.model.Message.builder()
                                            .role("user").content(software.amazon.awssdk.services.bedrockagent.model
                                                    .ContentBlock.fromText("Hello, I am {{name}}.")).build())
                                    .inputVariables(PromptInputVariable.builder().name("persona").build(),
                                            PromptInputVariable.builder().name("name").build())
                                    .build()))
                            .inferenceConfiguration(PromptInferenceConfiguration.fromText(
                                    PromptModelInferenceConfiguration.builder().temperature(0.25f).topP(0.5f)
                                            .maxTokens(77).stopSequences("STOP").build()))
                            .additionalModelRequestFields(Document.mapBuilder()
                                    .putNumber("repetition_penalty", 1.1).build())
                            .build()));
            promptArn = prompt.arn();
            versionArn = agent.createPromptVersion(r -> r.promptIdentifier(prompt.id())).arn();
        }
    }

    @AfterEach
    void stop() {
        outcrop.close();
        backend.close();
    }

    private JsonNode lastBackendRequest() throws Exception {
        return JSON.readTree(backend.requests().getLast());
    }

    private static void assertTheVariantArrived(JsonNode sent) {
        assertThat(sent.path("model").asText()).isEqualTo("remote-model");
        assertThat(sent.path("messages")).isEqualTo(JSON.valueToTree(List.of(
                Map.of("role", "system", "content", "You are a pirate."),
                Map.of("role", "user", "content", "Hello, I am Ann."))));
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(sent.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(77);
        assertThat(sent.path("stop")).isEqualTo(JSON.valueToTree(List.of("STOP")));
        assertThat(sent.path("repetition_penalty").asDouble()).isEqualTo(1.1);
    }

    @Test
    void converseThroughAPromptVersionSendsTheFilledTemplateAndItsInferenceConfigurationToTheBackend()
            throws Exception {
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr, ", "Ann!"));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            String text = runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES))
                    .output().message().content().getFirst().text();

            assertThat(text).isEqualTo("Arr, Ann!");
        }
        assertTheVariantArrived(lastBackendRequest());
    }

    @Test
    void converseStreamThroughAPromptVersionSendsTheSameToTheBackend() throws Exception {
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr, ", "Ann!"));
        List<String> deltas = new ArrayList<>();
        try (BedrockRuntimeAsyncClient runtime = outcrop.runtimeAsyncH2c()) {
            runtime.converseStream(r -> r.modelId(versionArn).promptVariables(VARIABLES),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> deltas.add(e.delta().text())).build()).build()).join();
        }

        assertThat(String.join("", deltas)).isEqualTo("Arr, Ann!");
        assertTheVariantArrived(lastBackendRequest());
    }

    /** Stores {@code configuration} on the variant's application profile through the admin API. */
    private void configureProfile(String configuration) throws Exception {
        String profile = java.net.URLEncoder.encode(profileArn, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> configured = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(outcrop.endpoint().resolve("/_outcrop/profiles/" + profile + "/configuration"))
                .header("Authorization", outcrop.rootBearer())
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(configuration))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
    }

    @Test
    void theVariantsApplicationProfileAddsItsStoredConfigurationToACallThroughThePrompt() throws Exception {
        configureProfile("""
                {"topK": {"value": 3, "mode": "default"}, "temperature": {"value": 0.9, "mode": "default"},
                 "maxTokens": {"value": 100, "mode": "limit"}, "topP": {"value": 0.5, "mode": "fixed"}}""");
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr."));
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr."));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES));
        }
        JsonNode sent = lastBackendRequest();
        try (BedrockRuntimeAsyncClient runtime = outcrop.runtimeAsyncH2c()) {
            runtime.converseStream(r -> r.modelId(versionArn).promptVariables(VARIABLES),
                    ConverseStreamResponseHandler.builder().subscriber(e -> { }).build()).join();
        }

        assertThat(sent.path("top_k").asInt()).as("the profile's default, the prompt giving none").isEqualTo(3);
        assertTheVariantArrived(sent); // temperature 0.25 and max_tokens 77 the prompt's, within the profile's limit
        assertThat(lastBackendRequest().path("top_k").asInt()).isEqualTo(3);
        assertTheVariantArrived(lastBackendRequest());
    }

    @Test
    void aPromptWhoseConfigurationBreaksTheProfilesLimitIsRefusedNamingTheLimitAndNothingIsSent() throws Exception {
        configureProfile("{\"maxTokens\": {\"value\": 50, \"mode\": \"limit\"}}");
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Value '77' at 'inferenceConfig.maxTokens'")
                    .hasMessageContaining("less than or equal to 50, the limit set by inference profile " + profileArn);
        }
        configureProfile("{\"temperature\": {\"value\": 0.7, \"mode\": \"fixed\"}}");
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("inferenceConfig.temperature")
                    .hasMessageContaining(profileArn);
        }

        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void theRequestsMessagesAreAppendedAfterThePromptsMessages() throws Exception {
        backend.answer(OpenAiBackends.textStream(12, 3, "Aye."));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES).messages(
                    Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText("Ahoy.")).build(),
                    Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Treasure?")).build()));
        }

        assertThat(lastBackendRequest().path("messages").findValuesAsText("content"))
                .containsExactly("You are a pirate.", "Hello, I am Ann.", "Ahoy.", "Treasure?");
    }

    @Test
    void callsThroughAPromptAreReportedUnderItsVersionByOutcropUsageGroupedByPrompt() throws Exception {
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr."));
        backend.answer(OpenAiBackends.textStream(12, 3, "Hi."));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES));
            runtime.converse(r -> r.modelId(profileArn).messages(
                    Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build()));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = Main.run(List.of("usage", "--data-dir", dataDir.toString(), "--group-by", "prompt",
                "--granularity", "total", "--format", "csv"), Map.of(), new java.io.PrintStream(out, true),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));

        assertThat(status).isZero();
        assertThat(out.toString()).contains("," + versionArn + ",1,0,").contains(",(none),1,0,");
    }

    private static final String INVOKE_BODY = """
            {"promptVariables": {"persona": {"text": "a pirate"}, "name": {"text": "Ann"}}}""";

    @Test
    void invokeModelThroughAPromptVersionRunsItAndAnswersConversesMembers() throws Exception {
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr, ", "Ann!"));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            InvokeModelResponse response = runtime.invokeModel(r -> r.modelId(versionArn)
                    .contentType("application/json").body(SdkBytes.fromUtf8String(INVOKE_BODY)));
            JsonNode answer = JSON.readTree(response.body().asUtf8String());

            assertThat(response.contentType()).isEqualTo("application/json");
            assertThat(answer.path("output").path("message").path("content").get(0).path("text").asText())
                    .isEqualTo("Arr, Ann!");
            assertThat(answer.path("stopReason").asText()).isEqualTo("end_turn");
            assertThat(answer.path("usage").path("outputTokens").asInt()).isEqualTo(3);
        }
        assertTheVariantArrived(lastBackendRequest());
        assertThat(outcrop.outcrop().ledger().records(java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60)))
                .singleElement().satisfies(r -> assertThat(r.operation()).isEqualTo("InvokeModel"));
    }

    @Test
    void invokeModelWithResponseStreamThroughAPromptVersionStreamsConverseEventsAsChunks() throws Exception {
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr, ", "Ann!"));
        List<JsonNode> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BedrockRuntimeAsyncClient runtime = outcrop.runtimeAsyncH2c()) {
            runtime.invokeModelWithResponseStream(r -> r.modelId(versionArn).body(SdkBytes.fromUtf8String(INVOKE_BODY)),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(c -> {
                                try {
                                    chunks.add(JSON.readTree(c.bytes().asUtf8String()));
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }).build()).build()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(chunks.getFirst().path("messageStart").path("role").asText()).isEqualTo("assistant");
        assertThat(String.join("", chunks.stream().map(c -> c.path("contentBlockDelta").path("delta").path("text"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).toList())).isEqualTo("Arr, Ann!");
        assertThat(chunks.getLast().path("metadata").path("usage").path("outputTokens").asInt()).isEqualTo(3);
        assertTheVariantArrived(lastBackendRequest());
    }

    @Test
    void anInvokeModelBodyThroughAPromptTakesOnlyPromptVariables() {
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(versionArn).body(SdkBytes.fromUtf8String(
                    "{\"promptVariables\": {\"persona\": {\"text\": \"a pirate\"}, \"name\": {\"text\": \"Ann\"}}, "
                            + "\"max_tokens\": 5}")))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'max_tokens'");
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(versionArn).body(SdkBytes.fromUtf8String(
                    "{\"promptVariables\": {\"persona\": {\"text\": \"a pirate\"}}}"))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(versionArn).body(SdkBytes.fromUtf8String(
                    "{\"promptVariables\": {\"persona\": {\"text\": 7}}}"))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("promptVariables");
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(versionArn).body(SdkBytes.fromUtf8String("[]"))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("JSON object");
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(promptArn).body(SdkBytes.fromUtf8String(
                    INVOKE_BODY)))).isInstanceOf(ValidationException.class).hasMessageContaining("draft");
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aRequestGivingWhatOnlyThePromptMayGiveIsRefusedNamingIt() {
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            List<ConverseRequest> refused = List.of(
                    ConverseRequest.builder().modelId(versionArn).promptVariables(VARIABLES)
                            .system(SystemContentBlock.fromText("Be brief.")).build(),
                    ConverseRequest.builder().modelId(versionArn).promptVariables(VARIABLES)
                            .inferenceConfig(c -> c.maxTokens(5)).build(),
                    ConverseRequest.builder().modelId(versionArn).promptVariables(VARIABLES)
                            .additionalModelRequestFields(Document.mapBuilder().putNumber("min_p", 0.1).build()).build(),
                    ConverseRequest.builder().modelId(versionArn).promptVariables(VARIABLES).toolConfig(t -> t.tools(
                            tool -> tool.toolSpec(s -> s.name("x").inputSchema(i -> i.json(Document.mapBuilder().build())))))
                            .build());
            List<String> members = List.of("system", "inferenceConfig", "additionalModelRequestFields", "toolConfig");
            for (int i = 0; i < refused.size(); i++) {
                ConverseRequest request = refused.get(i);
                assertThatThrownBy(() -> runtime.converse(request)).isInstanceOf(ValidationException.class)
                        .hasMessageContaining("'" + members.get(i) + "'");
            }
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aMissingVariableIsRefusedNamingIt() {
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(versionArn)
                    .promptVariables(Map.of("persona", PromptVariableValues.fromText("a pirate")))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("name");
        }
    }

    @Test
    void thePromptsDraftCannotBeRunOnlyAVersion() {
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(promptArn).promptVariables(VARIABLES)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("draft");
        }
    }

    @Test
    void aVersionThatDoesNotExistIsNotFound() {
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(promptArn + ":9").promptVariables(VARIABLES)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void aCallThroughAPromptNeedsRenderPromptOnTheVersionAndInvokeModelOnItsProfile() {
        String invokeOnly = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"}]}""";
        String renderOnly = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:RenderPrompt",
                  "Resource": "%s"}]}""".formatted(versionArn);
        String both = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:RenderPrompt", "Resource": "arn:aws:bedrock:*:*:prompt/*"},
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"}]}""";
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr."));
        try (BedrockRuntimeClient noRender = runtime(user("invoker", invokeOnly));
             BedrockRuntimeClient noInvoke = runtime(user("renderer", renderOnly));
             BedrockRuntimeClient allowed = runtime(user("both", both))) {
            assertThatThrownBy(() -> noRender.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES)))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("bedrock:RenderPrompt");
            assertThatThrownBy(() -> noInvoke.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES)))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("bedrock:InvokeModel");
            assertThat(allowed.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES)).stopReasonAsString())
                    .isEqualTo("end_turn");
        }
    }

    private StaticCredentialsProvider user(String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy(name, "p", policy);
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private BedrockRuntimeClient runtime(StaticCredentialsProvider credentials) {
        return BedrockRuntimeClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    @Test
    void aTemplateThatRepeatsAVariableIsRefusedBeforeItIsFilledWhenTheResultWouldOutgrowARequest() throws Exception {
        String repeats;
        try (BedrockAgentClient agent = outcrop.agent()) {
            CreatePromptResponse prompt = agent.createPrompt(r -> r.name("repeats").variants(PromptVariant.builder()
                    .name("main").templateType(PromptTemplateType.TEXT).modelId(profileArn)
                    .templateConfiguration(PromptTemplateConfiguration.fromText(
                            software.amazon.awssdk.services.bedrockagent.model.TextPromptTemplateConfiguration.builder()
                                    .text("x{{a}}".repeat(33_000))
                                    .inputVariables(PromptInputVariable.builder().name("a").build()).build()))
                    .build()));
            repeats = agent.createPromptVersion(r -> r.promptIdentifier(prompt.id())).arn();
        }
        backend.answer(OpenAiBackends.textStream(12, 3, "ok"));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            // 1,000 bytes of variable, 33 MB once filled: more than the 26 MiB a request body may hold.
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(repeats)
                    .promptVariables(Map.of("a", PromptVariableValues.fromText("y".repeat(1_000))))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Input is too long for requested model.")
                    .hasMessageContaining("is 33033000 bytes");
            assertThat(backend.requests()).isEmpty();

            runtime.converse(r -> r.modelId(repeats).promptVariables(Map.of("a", PromptVariableValues.fromText("yy"))));
        }
        assertThat(lastBackendRequest().path("messages").get(0).path("content").asText())
                .isEqualTo("xyy".repeat(33_000));
    }
}
