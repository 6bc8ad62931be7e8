package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import dev.outcrop.usage.PriceBook;
import dev.outcrop.usage.UsageRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Calls through prompt routers with the AWS SDK for Java v2: the router's choice lands at the chosen model's
 * backend, the answer says which model served, the ledger prices the call at that model, and IAM decides on
 * the router and on the invoked model.
 */
class PromptRouterRuntimeTest {
    static final String HAIKU_MODEL = RouterBackends.HAIKU_MODEL;
    static final String SONNET_MODEL = RouterBackends.SONNET_MODEL;
    static final String HAIKU = PromptRouterControlPlaneTest.HAIKU;
    static final String SONNET = PromptRouterControlPlaneTest.SONNET;
    static final String DEFAULT_ROUTER = PromptRouterControlPlaneTest.DEFAULT_ANTHROPIC;
    static final String EASY = "What is the capital of France?";
    static final String HARD = "Analyze this algorithm step by step and prove its complexity. First, explain why the "
            + "recurrence holds, then derive the closed form of the equation, compare it with the integral bound and "
            + "refactor the code:\n```python\ndef solve(xs):\n    return sorted(xs)[len(xs) // 2]\n```\n"
            + "Finally, justify the trade-off between the two designs and evaluate the probability of the worst case.";

    @TempDir
    static Path dataDir;
    static RouterBackends backends;
    static FakeOpenAiServer haiku;
    static FakeOpenAiServer sonnet;
    static TestOutcrop outcrop;
    static BedrockRuntimeClient runtime;
    static String customRouter;

    @BeforeAll
    static void start() throws Exception {
        backends = RouterBackends.start(dataDir);
        haiku = backends.haiku;
        sonnet = backends.sonnet;
        outcrop = backends.outcrop;
        runtime = outcrop.runtime();
        customRouter = backends.customRouter("custom");
    }

    @AfterAll
    static void stop() {
        runtime.close();
        backends.close();
    }

    static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static ConverseResponse converse(BedrockRuntimeClient client, String modelId, String text) {
        return client.converse(r -> r.modelId(modelId).messages(user(text)));
    }

    @Test
    void anEasyRequestThroughTheDefaultRouterIsServedByTheCheaperModel() {
        int before = haiku.requests().size();
        int sonnetBefore = sonnet.requests().size();

        ConverseResponse response = converse(runtime, DEFAULT_ROUTER, EASY);

        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(HAIKU);
        assertThat(response.output().message().content().getFirst().text()).isEqualTo("from haiku");
        assertThat(haiku.requests()).hasSize(before + 1);
        assertThat(sonnet.requests()).hasSize(sonnetBefore);
    }

    @Test
    void aHardRequestThroughTheDefaultRouterIsServedByTheStrongerModel() {
        int before = sonnet.requests().size();

        ConverseResponse response = converse(runtime, DEFAULT_ROUTER, HARD);

        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(SONNET);
        assertThat(sonnet.requests()).hasSize(before + 1);
        assertThat(sonnet.requests().getLast()).contains("\"model\":\"sonnet\"");
    }

    @Test
    void aCustomRouterSendsTheEasyAndTheHardRequestToDifferentModels() {
        assertThat(converse(runtime, customRouter, EASY).trace().promptRouter().invokedModelId()).isEqualTo(HAIKU);
        assertThat(converse(runtime, customRouter, HARD).trace().promptRouter().invokedModelId()).isEqualTo(SONNET);
    }

    @Test
    void theStreamsMetadataEventNamesTheInvokedModel() {
        AtomicReference<String> invoked = new AtomicReference<>();
        StringBuilder text = new StringBuilder();
        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(customRouter).messages(user(HARD)),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> text.append(e.delta().text()))
                            .onMetadata(e -> invoked.set(e.trace().promptRouter().invokedModelId()))
                            .build()).build()).join();
        }

        assertThat(invoked.get()).isEqualTo(SONNET);
        assertThat(text.toString()).isEqualTo("from sonnet");
    }

    @Test
    void aStreamThroughTheDefaultRouterSendsTheEasyAndTheHardRequestToDifferentBackends() {
        int haikuBefore = haiku.requests().size();
        int sonnetBefore = sonnet.requests().size();

        assertThat(stream(DEFAULT_ROUTER, EASY)).isEqualTo(HAIKU + " from haiku");
        assertThat(haiku.requests()).hasSize(haikuBefore + 1);
        assertThat(sonnet.requests()).hasSize(sonnetBefore);
        assertThat(stream(DEFAULT_ROUTER, HARD)).isEqualTo(SONNET + " from sonnet");
        assertThat(haiku.requests()).hasSize(haikuBefore + 1);
        assertThat(sonnet.requests()).hasSize(sonnetBefore + 1);
    }

    @Test
    void aCustomRoutersEasyAndHardRequestsLandAtDifferentBackends() {
        int haikuBefore = haiku.requests().size();
        int sonnetBefore = sonnet.requests().size();

        converse(runtime, customRouter, EASY);
        assertThat(haiku.requests()).hasSize(haikuBefore + 1);
        converse(runtime, customRouter, HARD);
        assertThat(sonnet.requests()).hasSize(sonnetBefore + 1);
        assertThat(haiku.requests()).hasSize(haikuBefore + 1);
        assertThat(stream(customRouter, EASY)).isEqualTo(HAIKU + " from haiku");
        assertThat(haiku.requests()).hasSize(haikuBefore + 2);
    }

    /** The invoked model and the text of a ConverseStream through {@code modelId}. */
    private static String stream(String modelId, String question) {
        AtomicReference<String> invoked = new AtomicReference<>();
        StringBuilder text = new StringBuilder();
        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(modelId).messages(user(question)),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> text.append(e.delta().text()))
                            .onMetadata(e -> invoked.set(e.trace().promptRouter().invokedModelId()))
                            .build()).build()).join();
        }
        return invoked.get() + " " + text;
    }

    @Test
    void theDecisionIsInAHeaderWhenTheCallerAsksAndNeverTheRequestsText() throws Exception {
        ConverseResponse asked = runtime.converse(r -> r.modelId(customRouter).messages(user(HARD))
                .overrideConfiguration(o -> o.putHeader("x-outcrop-router-debug", "decision")));
        ConverseResponse notAsked = converse(runtime, customRouter, HARD);

        String header = asked.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-decision").orElseThrow();
        com.fasterxml.jackson.databind.JsonNode decision = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(header);
        assertThat(decision.path("reason").asText()).isEqualTo("STRONGER_NEEDED");
        assertThat(decision.path("chosen").asText()).isEqualTo(SONNET_MODEL);
        assertThat(decision.path("mode").asText()).isEqualTo("predict");
        com.fasterxml.jackson.databind.JsonNode cheap = decision.path("predictions").path(HAIKU_MODEL);
        com.fasterxml.jackson.databind.JsonNode strong = decision.path("predictions").path(SONNET_MODEL);
        assertThat(cheap.path("score").asDouble()).isLessThan(strong.path("score").asDouble()).isPositive();
        assertThat(cheap.path("contributions").path("code").asDouble()).isNegative();
        assertThat(cheap.path("contributions").has("capability")).isTrue();
        assertThat(header).doesNotContain("algorithm").doesNotContain("recurrence").doesNotContain("solve");
        assertThat(notAsked.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-decision")).isEmpty();
        assertThat(converse(runtime, HAIKU, EASY).sdkHttpResponse()
                .firstMatchingHeader("x-outcrop-router-decision")).isEmpty();
    }

    @Test
    void theLedgerRecordsTheRouterAndPricesTheCallAtTheInvokedModel() {
        String question = "Ledger check: what is two plus two?";
        converse(runtime, customRouter, question);

        UsageRecord record = outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                .filter(r -> r.modelIdCalled().equals(customRouter)).toList().getLast();
        assertThat(record.foundationModel()).isEqualTo(HAIKU_MODEL);
        assertThat(record.targetArn()).isEqualTo(HAIKU);
        assertThat(record.attribute(dev.outcrop.usage.StoredAttribute.PROMPT_ROUTER)).isEqualTo(customRouter);
        assertThat(record.attribute(dev.outcrop.usage.StoredAttribute.INVOKED_MODEL)).isEqualTo(HAIKU);
        assertThat(record.costMicros()).isEqualTo(PriceBook.defaults().price(HAIKU_MODEL, record.servedRegions().getFirst())
                .cost(record.inputTokens(), record.outputTokens(), 0, 0));
    }

    @Test
    void invokeModelThroughARouterReportsTheInvokedModelInTheBody() {
        String body = "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 50, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"" + EASY + "\"}]}";

        String answer = runtime.invokeModel(r -> r.modelId(customRouter)
                .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(body))).body().asUtf8String();

        assertThat(answer).contains("\"amazon-bedrock-trace\":{\"promptRouter\":{\"invokedModelId\":\"" + HAIKU + "\"}}")
                .contains("from haiku");
    }

    @Test
    void usageGroupsCallsByTheRouterTheyWentThrough() {
        converse(runtime, customRouter, "Grouping check: name a colour.");

        List<dev.outcrop.usage.UsageReport.Row> rows = dev.outcrop.usage.UsageReport.build(
                outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60)), "router",
                dev.outcrop.usage.UsageReport.Granularity.TOTAL);

        assertThat(rows).extracting(dev.outcrop.usage.UsageReport.Row::group).contains(customRouter);
    }

    @Test
    void anUnknownCustomRouterIsNotFound() {
        assertThatThrownBy(() -> converse(runtime, PromptRouterControlPlaneTest.ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz", EASY))
                .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException.class);
    }

    @Test
    void aCallerAllowedTheRouterAndTheInvokedModelIsServed() {
        try (BedrockRuntimeClient client = client(user("router-and-models", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel",
                  "Resource": ["%s", "arn:aws:bedrock:*:123456789012:inference-profile/*",
                               "arn:aws:bedrock:*::foundation-model/*"]}]}""".formatted(customRouter)))) {
            assertThat(converse(client, customRouter, EASY).trace().promptRouter().invokedModelId()).isEqualTo(HAIKU);
        }
    }

    @Test
    void aCallerDeniedTheRouterIsRefusedWhateverItMayCallOtherwise() {
        try (BedrockRuntimeClient client = client(user("no-router", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"},
                  {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*:*:*prompt-router/*"}]}
                """))) {
            assertThatThrownBy(() -> converse(client, customRouter, EASY)).isInstanceOf(AccessDeniedException.class);
            assertThat(converse(client, HAIKU, EASY).output()).isNotNull();
        }
    }

    @Test
    void aCallerDeniedTheInvokedModelIsRefusedThoughTheRouterIsAllowed() {
        try (BedrockRuntimeClient client = client(user("router-but-not-haiku", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"},
                  {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*::foundation-model/%s"}]}
                """.formatted(HAIKU_MODEL)))) {
            assertThatThrownBy(() -> converse(client, customRouter, EASY)).isInstanceOf(AccessDeniedException.class);
            assertThat(converse(client, customRouter, HARD).trace().promptRouter().invokedModelId()).isEqualTo(SONNET);
        }
    }

    private static StaticCredentialsProvider user(String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy(name, "p", policy);
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private static BedrockRuntimeClient client(StaticCredentialsProvider credentials) {
        return BedrockRuntimeClient.builder().endpointOverride(URI.create(outcrop.outcrop().url())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(TestOutcrop.noRetries()).build();
    }

}
