package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Calls through an application profile with a stored configuration, by the AWS SDK for Java v2, as the
 * OpenAI-compatible backend receives them: defaults applied, limits enforced, fixed values kept.
 */
class ProfileConfigRuntimeTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BOTO3_SCRIPT = Path.of("src", "test", "python", "profile_config.py").toAbsolutePath();
    /** maxTokens at most 2000, temperature 0.2 unless asked otherwise, top_k 40 unless asked, stop at END only. */
    private static final String CONFIGURATION = """
            {"maxTokens":{"value":2000,"mode":"limit"},"temperature":{"value":0.2,"mode":"default"},
             "topK":{"value":40,"mode":"default"},"stopSequences":{"value":["END"],"mode":"fixed"},
             "anthropicVersion":{"value":"bedrock-2023-05-31","mode":"fixed"}}""";

    @TempDir
    Path dataDir;
    FakeOpenAiServer backend;
    TestOutcrop outcrop;
    String profileArn;

    @AfterEach
    void stop() {
        if (outcrop != null) {
            outcrop.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String budgetYaml) throws Exception {
        start(budgetYaml, CONFIGURATION);
    }

    private void start(String budgetYaml, String configuration) throws Exception {
        backend = new FakeOpenAiServer();
        backend.answer(OpenAiBackends.textStream(10, 3, "Hello", " there"));
        OutcropConfig config = OpenAiBackends.deployment(HAIKU, backend, dataDir);
        if (budgetYaml != null) {
            config = ConfigLoader.parse("""
                    deployments:
                      - model: %s
                        regions: [us-east-1]
                        provider: openai
                        url: %s
                        remoteModel: remote-model
                    usage:
                    %s""".formatted(HAIKU, backend.url(), budgetYaml.indent(2)), "test").withDataDir(dataDir);
        }
        outcrop = TestOutcrop.start(config);
        try (var bedrock = outcrop.bedrock()) {
            profileArn = bedrock.createInferenceProfile(r -> r.inferenceProfileName("capped").modelSource(s -> s.copyFrom(
                    "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU))).inferenceProfileArn();
        }
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(outcrop.endpoint().resolve(
                        "/_outcrop/profiles/" + URLEncoder.encode(profileArn, StandardCharsets.UTF_8) + "/configuration"))
                .header("Authorization", outcrop.rootBearer()).PUT(HttpRequest.BodyPublishers.ofString(configuration))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private JsonNode received() throws Exception {
        assertThat(backend.requests()).hasSize(1);
        return JSON.readTree(backend.requests().getFirst());
    }

    private static String anthropic(String parameters) {
        return "{\"anthropic_version\":\"bedrock-2023-05-31\"," + parameters
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    @Test
    void aConverseCallWithoutParametersGetsTheProfilesDefaultsLimitAndFixedValues() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(profileArn).messages(user("hi")));
        }

        JsonNode sent = received();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(2000);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("top_k").asInt()).isEqualTo(40);
        assertThat(sent.path("stop").toString()).isEqualTo("[\"END\"]");
    }

    @Test
    void aConverseCallKeepsWhatItAsksForWithinTheProfile() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))
                    .inferenceConfig(c -> c.maxTokens(500).temperature(0.9f).stopSequences("END")));
        }

        JsonNode sent = received();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(500);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.9);
        assertThat(sent.path("stop").toString()).isEqualTo("[\"END\"]");
    }

    @Test
    void aConverseCallAboveTheLimitIsRefusedAndNeverReachesTheBackend() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))
                    .inferenceConfig(c -> c.maxTokens(2001))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Value '2001' at 'inferenceConfig.maxTokens' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 2000, the limit set by inference profile "
                            + profileArn);
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aConverseCallWithOtherStopSequencesThanTheFixedOnesIsRefused() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))
                    .inferenceConfig(c -> c.stopSequences("STOP"))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("at 'inferenceConfig.stopSequences' failed to satisfy constraint: Member must "
                            + "equal [END], the value fixed by inference profile " + profileArn);
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void theSameModelCalledDirectlyIsNotConfigured() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(HAIKU).messages(user("hi")).inferenceConfig(c -> c.maxTokens(3000)));
        }

        JsonNode sent = received();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(3000);
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.has("stop")).isFalse();
    }

    @Test
    void aConverseStreamGetsTheProfilesConfigurationToo() throws Exception {
        start(null);
        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(profileArn).messages(user("hi")),
                    ConverseStreamResponseHandler.builder().subscriber(event -> { }).build()).join();
        }

        JsonNode sent = received();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(2000);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void aNativeAnthropicBodyIsMergedInItsOwnFieldNames() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.invokeModel(r -> r.modelId(profileArn).body(SdkBytes.fromUtf8String(anthropic("\"max_tokens\":100,"))));
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(profileArn)
                    .body(SdkBytes.fromUtf8String(anthropic("\"max_tokens\":5000,\"temperature\":0.5,")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Value '5000' at '#/max_tokens' failed to satisfy constraint: Member must have "
                            + "value less than or equal to 2000");
        }

        JsonNode sent = received();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("stop").toString()).isEqualTo("[\"END\"]");
    }

    @Test
    void aNativeAnthropicBodyOfAnotherVersionThanTheFixedOneIsRefused() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(profileArn).body(SdkBytes.fromUtf8String(
                    anthropic("\"max_tokens\":10,").replace("bedrock-2023-05-31", "bedrock-2099-01-01")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Value 'bedrock-2099-01-01' at '#/anthropic_version' failed to satisfy "
                            + "constraint: Member must equal bedrock-2023-05-31");
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aNativeStreamAboveTheLimitIsRefusedBeforeItStarts() throws Exception {
        start(null);
        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            assertThatThrownBy(() -> async.invokeModelWithResponseStream(r -> r.modelId(profileArn)
                    .body(SdkBytes.fromUtf8String(anthropic("\"max_tokens\":2500,"))),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().build()).build()).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ValidationException.class)
                    .hasMessageContaining("Value '2500' at '#/max_tokens'");
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aProfilesDefaultResponseFormatAsksTheBackendForStructuredOutput() throws Exception {
        start(null, """
                {"responseFormat":{"value":{"name":"city","schema":{"type":"object","required":["city"],
                 "properties":{"city":{"type":"string"}}}},"mode":"default"}}""");
        backend.answer(OpenAiBackends.textStream(10, 5, "{\"city\":", "\"Lisbon\"}"));
        String answer;
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            answer = runtime.converse(r -> r.modelId(profileArn).messages(user("Describe Lisbon")))
                    .output().message().content().getFirst().text();
        }

        JsonNode format = received().path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("city");
        assertThat(answer).isEqualTo("{\"city\":\"Lisbon\"}");
    }

    @Test
    void boto3CallsGetTheProfilesConfigurationAndItsRefusal() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: profile configuration through "
                + "boto3 not tested");
        start(null);

        String[] lines = Boto3Scripts.run(BOTO3_SCRIPT, outcrop, profileArn).strip().split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("served");
        assertThat(lines[1]).isEqualTo("ValidationException: 1 validation error detected: Value '5000' at "
                + "'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value less than or equal "
                + "to 2000, the limit set by inference profile " + profileArn);
        assertThat(lines[2]).isEqualTo("served");
        assertThat(backend.requests()).hasSize(2);
        JsonNode converse = JSON.readTree(backend.requests().get(0));
        JsonNode invoke = JSON.readTree(backend.requests().get(1));
        assertThat(converse.path("max_tokens").asInt()).isEqualTo(2000);
        assertThat(converse.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(converse.path("top_k").asInt()).isEqualTo(40);
        assertThat(invoke.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(invoke.path("stop").toString()).isEqualTo("[\"END\"]");
    }

    @Test
    void theBudgetReservesAgainstTheProfilesMaxTokensLimit() throws Exception {
        start("""
                budgets:
                  - name: tiny
                    scope: principal:root
                    period: daily
                    limitUsd: 0.000001
                """);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            // Claude 3 Haiku: $1.25 per million output tokens, so 2000 tokens are $0.0025 (4096 without the limit).
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))))
                    .isInstanceOf(ServiceQuotaExceededException.class)
                    .hasMessageMatching("(?s).*this call may cost up to \\$0\\.00250\\d\\..*");
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void additionalFieldsThatLengthenOrMultiplyTheAnswerAreRefusedNamingTheField() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (var field : java.util.List.of(
                    java.util.Map.entry("max_completion_tokens", Document.fromNumber(1_000_000)),
                    java.util.Map.entry("n", Document.fromNumber(50)),
                    java.util.Map.entry("best_of", Document.fromNumber(50)),
                    java.util.Map.entry("min_tokens", Document.fromNumber(100_000)),
                    java.util.Map.entry("ignore_eos", Document.fromBoolean(true)),
                    java.util.Map.entry("max_tokens", Document.fromNumber(1_000_000)))) {
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))
                        .additionalModelRequestFields(Document.mapBuilder().putDocument(field.getKey(), field.getValue())
                                .build())))
                        .as(field.getKey())
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining("'additionalModelRequestFields." + field.getKey() + "'");
            }
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))
                    .additionalModelRequestFields(Document.mapBuilder().putDocument("inferenceConfig",
                            Document.mapBuilder().putNumber("max_new_tokens", 100_000).build()).build())))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'additionalModelRequestFields.inferenceConfig.max_new_tokens'");

            // The backend's own parameters still pass.
            runtime.converse(r -> r.modelId(profileArn).messages(user("hi"))
                    .additionalModelRequestFields(Document.mapBuilder().putNumber("repetition_penalty", 1.1).build()));
        }

        JsonNode sent = received();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(2000);
        assertThat(sent.path("repetition_penalty").asDouble()).isEqualTo(1.1);
        assertThat(sent.has("max_completion_tokens")).isFalse();
    }

    @Test
    void aCallWithoutMaxTokensSendsTheBackendTheOutputItsBudgetReserved() throws Exception {
        start(null, "{\"temperature\":{\"value\":0.2,\"mode\":\"default\"}}");
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            runtime.converse(r -> r.modelId(profileArn).messages(user("hi")));
        }

        // 4,096: what a call without maxTokens reserves (docs/costs.md); vLLM would otherwise fill its context.
        assertThat(received().path("max_tokens").asInt()).isEqualTo(4096);
    }
}
