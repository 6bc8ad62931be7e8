package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import dev.outcrop.usage.UsageRecord;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Numbers and identifiers a caller makes up are refused with a 400 in AWS's words: a number never wraps into
 * another that a budget or a model would take, and no model id, however long, is an internal error.
 */
class InputBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello\"}]}]";
    private static final String[] VLLM = {
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":4,\"completion_tokens\":1}}\n\n",
        "data: [DONE]\n\n"
    };

    /** One server for the calls that must all be refused: none of them leaves a trace. */
    @TempDir
    static Path sharedDir;
    static TestOutcrop shared;

    @TempDir
    Path dataDir;
    TestOutcrop outcrop;

    @BeforeAll
    static void startShared() {
        shared = TestOutcrop.start(OutcropConfig.defaults().withDataDir(sharedDir));
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @AfterEach
    void stop() {
        if (outcrop != null && outcrop != shared) {
            outcrop.close();
        }
    }

    private void useShared() {
        outcrop = shared;
    }

    private TestOutcrop start(String yaml) {
        OutcropConfig config = yaml == null ? OutcropConfig.defaults() : ConfigLoader.parse(yaml, "test");
        outcrop = TestOutcrop.start(config.withDataDir(dataDir));
        return outcrop;
    }

    private static AwsCredentials root() {
        return TestOutcrop.CREDENTIALS.resolveCredentials();
    }

    private HttpResponse<String> post(AwsCredentials credentials, String modelId, String operation, String body)
            throws Exception {
        String encoded = URLEncoder.encode(modelId, StandardCharsets.UTF_8);
        return SignedHttp.send(credentials, "POST", URI.create(outcrop.endpoint() + "/model/" + encoded + "/" + operation), body);
    }

    private List<UsageRecord> ledger() {
        return outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60));
    }

    private static String errorType(HttpResponse<String> response) {
        return response.headers().firstValue("X-Amzn-ErrorType").orElse("").split(":")[0];
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {2_000, 8_000, 100_000})
    void aLongModelIdFromAPrincipalWithoutAnyPolicyIsRefusedWithA400NeverA500(int length) throws Exception {
        useShared();
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal("nobody-" + length, Principal.Kind.USER);
        IdentityService.NewAccessKey key = identity.createAccessKey("nobody-" + length);
        AwsCredentials nobody = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        // Repeated "a_" is what a model id's (([0-9a-zA-Z][_-]?)+) repeats: a backtracking matcher recursed once per pair.
        String modelId = "a_".repeat(length / 2 - 1) + "!!";

        // HTTP/1.1: over h2c the whole header block is bounded first (431), before any binding.
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = SignedHttp.send(http1, nobody, "POST", URI.create(outcrop.endpoint() + "/model/"
                + modelId + "/converse"), "{" + HELLO + "}");

        if (length <= 2048) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(errorType(response)).isEqualTo("ValidationException");
            assertThat(response.body()).contains("at 'modelId' failed to satisfy constraint: Member must satisfy "
                    + "regular expression pattern");
        } else if (length < 8192) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(errorType(response)).isEqualTo("ValidationException");
            assertThat(response.body()).contains("at 'modelId' failed to satisfy constraint: Member must have length "
                    + "less than or equal to 2048").doesNotContain("regular expression");
        } else { // a request line past the HTTP decoder's limit is refused before any binding
            assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        }
    }

    @Test
    void fortyConcurrentCallsWithAMaxTokensPastThirtyTwoBitsAreRefusedBeforeTheBudgetOrTheModel() throws Exception {
        start("""
                usage:
                  budgets:
                    - name: root-daily
                      scope: principal:root
                      period: daily
                      limitUsd: 0.01
                """);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String maxTokens = i % 2 == 0 ? "2147483648" : "4294967296";
                calls.add(pool.submit(() -> post(root(), HAIKU, "converse",
                        "{" + HELLO + ",\"inferenceConfig\":{\"maxTokens\":" + maxTokens + "}}")));
            }
            for (Future<HttpResponse<String>> call : calls) {
                answers.add(call.get(60, TimeUnit.SECONDS));
            }
        }

        assertThat(answers).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(errorType(response)).isEqualTo("SerializationException");
            assertThat(response.body()).contains("at 'inferenceConfig.maxTokens' cannot be read as an integer");
        });
        assertThat(ledger()).isEmpty();
        JsonNode budget = JSON.readTree(outcrop.adminGet("/_outcrop/budgets")).path("budgets").get(0);
        assertThat(budget.path("spentMicros").asLong()).isZero();
        assertThat(budget.path("reservedMicros").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":-5," + HELLO + "}|#/max_tokens: -5 is not greater or equal to 1",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":0," + HELLO + "}|#/max_tokens: 0 is not greater or equal to 1",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":2147483648," + HELLO + "}|#/max_tokens: 2147483648 is not less or equal to 2147483647",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":\"5\"," + HELLO + "}|#/max_tokens: expected type: Integer, found: String",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\"," + HELLO + "}|#: required key [max_tokens] not found",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"temperature\":1.5," + HELLO + "}|#/temperature: 1.5 is not less or equal to 1",
        "amazon.nova-lite-v1:0|{" + HELLO + ",\"inferenceConfig\":{\"maxTokens\":-7}}|#/inferenceConfig/maxTokens: -7 is not greater or equal to 1",
        "amazon.nova-lite-v1:0|{" + HELLO + ",\"inferenceConfig\":{\"max_new_tokens\":4294967296}}|#/inferenceConfig/max_new_tokens: 4294967296 is not less or equal to 2147483647",
        "meta.llama3-1-70b-instruct-v1:0|{\"prompt\":\"hello\",\"max_gen_len\":-1}|#/max_gen_len: -1 is not greater or equal to 1",
        "mistral.mistral-7b-instruct-v0:2|{\"prompt\":\"hello\",\"max_tokens\":0}|#/max_tokens: 0 is not greater or equal to 1",
        "amazon.titan-text-express-v1|{\"inputText\":\"hello\",\"textGenerationConfig\":{\"maxTokenCount\":-1}}|#/textGenerationConfig/maxTokenCount: -1 is not greater or equal to 1",
    })
    void aNativeBodyWithATokenLimitBelowOneWrappedOrOfTheWrongTypeIsRefusedInBedrocksWords(String modelId, String body,
                                                                                          String violation) throws Exception {
        useShared();

        HttpResponse<String> response = post(root(), modelId, "invoke", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(errorType(response)).isEqualTo("ValidationException");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("message").asText())
                .isEqualTo("Malformed input request: " + violation + ", please reformat your input and try again.");
        assertThat(ledger()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"stream\":true," + HELLO + "}|#: extraneous key [stream] is not permitted",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"name\":\"x\",\"content\":\"hi\"}]}|#/messages/0: extraneous key [name] is not permitted",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"lang\":\"en\"}]}]}|#/messages/0/content/0: extraneous key [lang] is not permitted",
        "amazon.nova-lite-v1:0|{" + HELLO + ",\"inferenceConfig\":{\"maxTokenz\":7}}|#/inferenceConfig: extraneous key [maxTokenz] is not permitted",
        "amazon.nova-lite-v1:0|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}|#/messages/0/content/0: extraneous key [type] is not permitted",
        "meta.llama3-1-70b-instruct-v1:0|{\"prompt\":\"hello\",\"max_tokens\":5}|#: extraneous key [max_tokens] is not permitted",
        "mistral.mistral-7b-instruct-v0:2|{\"prompt\":\"hello\",\"max_gen_len\":5}|#: extraneous key [max_gen_len] is not permitted",
        "amazon.titan-text-express-v1|{\"inputText\":\"hello\",\"textGenerationConfig\":{\"maxTokens\":5}}|#/textGenerationConfig: extraneous key [maxTokens] is not permitted",
    })
    void aNativeBodyMemberTheFamilyDoesNotHaveIsRefusedInBedrocksWords(String modelId, String body, String violation)
            throws Exception {
        useShared();

        HttpResponse<String> response = post(root(), modelId, "invoke", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(errorType(response)).isEqualTo("ValidationException");
        assertThat(JSON.readTree(response.body()).path("message").asText())
                .isEqualTo("Malformed input request: " + violation + ", please reformat your input and try again.");
        assertThat(ledger()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}," + HELLO + "}|#/thinking",
        HAIKU + "|{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"anthropic_beta\":[\"x\"]," + HELLO + "}|#/anthropic_beta",
        "meta.llama3-1-70b-instruct-v1:0|{\"prompt\":\"hello\",\"images\":[\"aGk=\"]}|#/images",
    })
    void aNativeBodyMemberBedrockHasButOutcropDoesNotServeIsRefusedByName(String modelId, String body, String member)
            throws Exception {
        useShared();

        HttpResponse<String> response = post(root(), modelId, "invoke", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(errorType(response)).isEqualTo("ValidationException");
        assertThat(JSON.readTree(response.body()).path("message").asText())
                .isEqualTo("Outcrop does not serve " + member
                        + " of this model's native request body; remove it and try again.");
        assertThat(ledger()).isEmpty();
    }

    @Test
    void aBodyOfAContentTypeTheModelDoesNotTakeIsRefusedInBedrocksWords() {
        useShared();

        var refused = catchThrowableOfType(
                ValidationException.class,
                () -> outcrop.runtime().invokeModel(request -> request.modelId("meta.llama3-1-70b-instruct-v1:0")
                        .contentType("text/plain").body(SdkBytes.fromUtf8String(
                                "{\"prompt\":\"hello\",\"max_gen_len\":5}"))));

        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("The provided Content Type is invalid or not supported for this model");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(ledger()).isEmpty();
    }

    @Test
    void aMemberRepeatedInAnyBodyIsRefusedNotReadAsItsLastValue() throws Exception {
        useShared();

        HttpResponse<String> invoke = post(root(), "meta.llama3-1-70b-instruct-v1:0", "invoke",
                "{\"prompt\":\"hello\",\"max_gen_len\":5,\"max_gen_len\":500}");
        HttpResponse<String> converse = post(root(), HAIKU, "converse",
                "{" + HELLO + ",\"inferenceConfig\":{\"maxTokens\":5,\"maxTokens\":500}}");
        HttpResponse<String> trailing = post(root(), HAIKU, "converse", "{" + HELLO + "} {}");

        assertThat(invoke.statusCode()).as(invoke.body()).isEqualTo(400);
        assertThat(JSON.readTree(invoke.body()).path("message").asText()).isEqualTo("Malformed input request: "
                + "#/max_gen_len: the key appears more than once, please reformat your input and try again.");
        assertThat(converse.statusCode()).as(converse.body()).isEqualTo(400);
        assertThat(JSON.readTree(converse.body()).path("message").asText()).isEqualTo("1 validation error detected: "
                + "Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must appear only once");
        assertThat(trailing.statusCode()).as(trailing.body()).isEqualTo(400);
        assertThat(ledger()).isEmpty();
    }

    @Test
    void anOpenAiCompatibleBackendNeverReceivesANegativeOrWrappedLimit() throws Exception {
        try (FakeOpenAiServer vllm = new FakeOpenAiServer()) {
            vllm.answer(FakeOpenAiServer.Answer.sse(VLLM));
            start("deployments: [{model: %s, regions: [us-east-1], provider: openai, url: %s, remoteModel: llama}]"
                    .formatted(LLAMA, vllm.url()));

            List<HttpResponse<String>> refused = List.of(
                    post(root(), LLAMA, "invoke", "{\"prompt\":\"hello\",\"max_gen_len\":-1}"),
                    post(root(), LLAMA, "invoke", "{\"prompt\":\"hello\",\"max_gen_len\":2147483648}"),
                    post(root(), LLAMA, "converse", "{" + HELLO + ",\"inferenceConfig\":{\"maxTokens\":2147483648}}"),
                    post(root(), LLAMA, "converse", "{" + HELLO + ",\"inferenceConfig\":{\"maxTokens\":-1}}"),
                    post(root(), LLAMA, "converse", "{" + HELLO + ",\"additionalModelRequestFields\":{\"top_k\":4294967296}}"));
            assertThat(refused).allSatisfy(response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(400));
            assertThat(vllm.requests()).isEmpty();

            HttpResponse<String> served = post(root(), LLAMA, "invoke", "{\"prompt\":\"hello\",\"max_gen_len\":5}");
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(vllm.requests()).singleElement()
                    .satisfies(sent -> assertThat(JSON.readTree(sent).path("max_tokens").asLong()).isEqualTo(5));
        }
    }
}
