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
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
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
        JsonNode prompt = agent("POST", "/prompts/", """
                {"name": "pirate", "defaultVariant": "main", "variants": [{
                  "name": "main", "templateType": "CHAT", "modelId": "%s",
                  "templateConfiguration": {"chat": {
                    "system": [{"text": "You are {{persona}}."}],
                    "messages": [{"role": "user", "content": [{"text": "Hello, I am {{name}}."}]}],
                    "inputVariables": [{"name": "persona"}, {"name": "name"}]}},
                  "inferenceConfiguration": {"text": {"temperature": 0.25, "topP": 0.5, "maxTokens": 77,
                                                      "stopSequences": ["STOP"]}},
                  "additionalModelRequestFields": {"repetition_penalty": 1.1}}]}""".formatted(profileArn));
        promptArn = prompt.path("arn").asText();
        versionArn = agent("POST", "/prompts/" + prompt.path("id").asText() + "/versions", "{}").path("arn").asText();
    }

    @AfterEach
    void stop() {
        outcrop.close();
        backend.close();
    }

    private JsonNode agent(String method, String path, String body) throws Exception {
        HttpResponse<String> response = SignedHttp.send(TestOutcrop.CREDENTIALS.resolveCredentials(), method,
                outcrop.endpoint().resolve(path), body);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
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

    @Test
    void theVariantsApplicationProfileAddsItsStoredConfigurationToACallThroughThePrompt() throws Exception {
        String profile = java.net.URLEncoder.encode(profileArn, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> configured = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(outcrop.endpoint().resolve("/_outcrop/profiles/" + profile + "/configuration"))
                .header("Authorization", outcrop.rootBearer())
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"topK\": {\"value\": 3, \"mode\": \"default\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
        backend.answer(OpenAiBackends.textStream(12, 3, "Arr."));
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(versionArn).promptVariables(VARIABLES));
        }

        JsonNode sent = lastBackendRequest();
        assertThat(sent.path("top_k").asInt()).isEqualTo(3);
        assertTheVariantArrived(sent);
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
        JsonNode prompt = agent("POST", "/prompts/", """
                {"name": "repeats", "variants": [{"name": "main", "templateType": "TEXT", "modelId": "%s",
                  "templateConfiguration": {"text": {"text": "%s", "inputVariables": [{"name": "a"}]}}}]}"""
                .formatted(profileArn, "x{{a}}".repeat(33_000)));
        String repeats = agent("POST", "/prompts/" + prompt.path("id").asText() + "/versions", "{}").path("arn").asText();
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
