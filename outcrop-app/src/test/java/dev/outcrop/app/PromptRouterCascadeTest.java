package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import dev.outcrop.usage.PriceBook;
import dev.outcrop.usage.StoredAttribute;
import dev.outcrop.usage.UsageRecord;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * A cascading custom router with the AWS SDK for Java v2: the cheaper model answers first; an answer that fails a
 * check is set aside (and metered) and the stronger model's answer is returned, in Converse and ConverseStream;
 * the cascade is configured through the admin API, which leaves Bedrock's wire as it was.
 */
class PromptRouterCascadeTest {
    static final String HAIKU_MODEL = PromptRouterRuntimeTest.HAIKU_MODEL;
    static final String SONNET_MODEL = PromptRouterRuntimeTest.SONNET_MODEL;
    static final String HAIKU = PromptRouterRuntimeTest.HAIKU;
    static final String SONNET = PromptRouterRuntimeTest.SONNET;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static RouterBackends backends;
    static FakeOpenAiServer haiku;
    static FakeOpenAiServer sonnet;
    static TestOutcrop outcrop;
    static BedrockRuntimeClient runtime;
    static String router;

    @BeforeAll
    static void start() throws Exception {
        backends = RouterBackends.start(dataDir);
        haiku = backends.haiku;
        sonnet = backends.sonnet;
        outcrop = backends.outcrop;
        runtime = outcrop.runtime();
        router = backends.customRouter("cascading");
    }

    @AfterAll
    static void stop() {
        runtime.close();
        backends.close();
    }

    @BeforeEach
    void cascadeOnEveryCheck() throws Exception {
        HttpResponse<String> configured = admin("PUT", router, "{\"mode\": \"cascade\"}");
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
        haiku.answer(OpenAiBackends.textStream(10, 5, "from ", "haiku"));
        sonnet.answer(OpenAiBackends.textStream(10, 7, "from ", "sonnet"));
    }

    static HttpResponse<String> admin(String method, String routerArn, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(outcrop.endpoint().resolve(
                        "/_outcrop/prompt-routers/" + URLEncoder.encode(routerArn, StandardCharsets.UTF_8) + "/routing"))
                .header("Authorization", outcrop.rootBearer())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ConverseResponse converse(String text) {
        return runtime.converse(r -> r.modelId(router).messages(PromptRouterRuntimeTest.user(text)));
    }

    private static List<UsageRecord> records(String requestId) {
        return outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                .filter(r -> r.requestId().startsWith(requestId)).toList();
    }

    private static String requestId(ConverseResponse response) {
        return response.responseMetadata().requestId();
    }

    @Test
    void aCheaperAnswerThatPassesIsReturnedThoughThePredictorWouldHaveChosenTheStrongerModel() {
        int sonnetBefore = sonnet.requests().size();

        ConverseResponse response = converse(PromptRouterRuntimeTest.HARD);

        assertThat(response.output().message().content().getFirst().text()).isEqualTo("from haiku");
        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(HAIKU);
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-cascade")).contains("cheaper");
        assertThat(sonnet.requests()).hasSize(sonnetBefore);
        List<UsageRecord> records = records(requestId(response));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.targetArn()).isEqualTo(HAIKU);
            assertThat(r.attribute(StoredAttribute.ROUTER_CASCADE)).isEqualTo("cheaper");
            assertThat(r.attribute(StoredAttribute.ROUTER_BASELINE)).isEqualTo(SONNET_MODEL);
        });
    }

    @Test
    void aTruncatedCheaperAnswerIsSetAsideMeteredAndTheStrongerModelAnswers() {
        haiku.answer(OpenAiBackends.textStream("length", 10, 5, "from ", "haiku, cut"));
        int haikuBefore = haiku.requests().size();
        int sonnetBefore = sonnet.requests().size();

        ConverseResponse response = converse("Escalation check: what is the capital of Peru?");

        assertThat(response.output().message().content().getFirst().text()).isEqualTo("from sonnet");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(SONNET);
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-cascade"))
                .contains("escalated; check=truncation; from=" + HAIKU_MODEL);
        assertThat(haiku.requests()).hasSize(haikuBefore + 1);
        assertThat(sonnet.requests()).hasSize(sonnetBefore + 1);

        String id = requestId(response);
        List<UsageRecord> records = records(id);
        assertThat(records).hasSize(2);
        UsageRecord setAside = records.stream().filter(r -> r.requestId().equals(id + "-cascade-1")).findFirst()
                .orElseThrow();
        UsageRecord answered = records.stream().filter(r -> r.requestId().equals(id)).findFirst().orElseThrow();
        assertThat(setAside.targetArn()).isEqualTo(HAIKU);
        assertThat(setAside.attribute(StoredAttribute.INVOKED_MODEL)).isEqualTo(HAIKU);
        assertThat(setAside.attribute(StoredAttribute.ROUTER_CASCADE)).isEqualTo("superseded:truncation");
        assertThat(setAside.attribute(StoredAttribute.ROUTER_BASELINE)).isNull();
        assertThat(setAside.outputTokens()).isEqualTo(5);
        assertThat(setAside.costMicros()).isPositive().isEqualTo(PriceBook.defaults()
                .price(HAIKU_MODEL, setAside.servedRegions().getLast()).cost(10, 5, 0, 0));
        assertThat(answered.targetArn()).isEqualTo(SONNET);
        assertThat(answered.attribute(StoredAttribute.PROMPT_ROUTER)).isEqualTo(router);
        assertThat(answered.attribute(StoredAttribute.INVOKED_MODEL)).isEqualTo(SONNET);
        assertThat(answered.attribute(StoredAttribute.ROUTER_CASCADE)).isEqualTo("escalated:truncation");
        assertThat(answered.outputTokens()).isEqualTo(7);
        assertThat(answered.costMicros()).isEqualTo(PriceBook.defaults()
                .price(SONNET_MODEL, answered.servedRegions().getLast()).cost(10, 7, 0, 0));
    }

    @Test
    void aRefusalInAStreamIsHeldBackAndTheStrongerModelStreamsItsAnswer() {
        haiku.answer(OpenAiBackends.textStream(10, 9, "I'm sorry, but I can't ", "help with that."));
        int sonnetBefore = sonnet.requests().size();
        AtomicReference<String> invoked = new AtomicReference<>();
        AtomicReference<String> cascade = new AtomicReference<>();
        StringBuilder text = new StringBuilder();

        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(router).messages(PromptRouterRuntimeTest.user("Stream refusal check")),
                    ConverseStreamResponseHandler.builder()
                            .onResponse(r -> cascade.set(r.sdkHttpResponse()
                                    .firstMatchingHeader("x-outcrop-router-cascade").orElse(null)))
                            .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> text.append(e.delta().text()))
                            .onMetadata(e -> invoked.set(e.trace().promptRouter().invokedModelId()))
                            .build()).build()).join();
        }

        assertThat(text.toString()).isEqualTo("from sonnet");
        assertThat(invoked.get()).isEqualTo(SONNET);
        assertThat(cascade.get()).isEqualTo("escalated; check=refusal; from=" + HAIKU_MODEL);
        assertThat(sonnet.requests()).hasSize(sonnetBefore + 1);
    }

    @Test
    void aStreamWhoseCheaperAnswerPassesGetsItWhole() {
        AtomicReference<String> invoked = new AtomicReference<>();
        StringBuilder text = new StringBuilder();

        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(router).messages(PromptRouterRuntimeTest.user("Stream pass check")),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(e -> text.append(e.delta().text()))
                            .onMetadata(e -> invoked.set(e.trace().promptRouter().invokedModelId()))
                            .build()).build()).join();
        }

        assertThat(text.toString()).isEqualTo("from haiku");
        assertThat(invoked.get()).isEqualTo(HAIKU);
    }

    @Test
    void aCheaperAnswerTheBackendWasUnsureOfEscalatesBelowTheRoutersLeastConfidence() throws Exception {
        HttpResponse<String> configured = admin("PUT", router,
                "{\"mode\": \"cascade\", \"escalateOn\": [\"low-confidence\"], \"minConfidence\": 0.6}");
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
        assertThat(JSON.readTree(configured.body()).path("minConfidence").asDouble()).isEqualTo(0.6);
        int haikuBefore = haiku.requests().size();
        int sonnetBefore = sonnet.requests().size();

        haiku.answer(OpenAiBackends.textStreamWithLogprobs(0.35, "Lima", ", ", "maybe"));
        ConverseResponse unsure = converse("Confidence check: what is the capital of Peru?");

        assertThat(unsure.output().message().content().getFirst().text()).isEqualTo("from sonnet");
        assertThat(unsure.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-cascade"))
                .contains("escalated; check=low-confidence; from=" + HAIKU_MODEL + "; confidence=0.350");
        assertThat(JSON.readTree(haiku.requests().get(haikuBefore)).path("logprobs").asBoolean())
                .as("the cheaper model is asked for its tokens' log-probabilities").isTrue();
        assertThat(JSON.readTree(sonnet.requests().get(sonnetBefore)).has("logprobs"))
                .as("the stronger model's answer is not judged").isFalse();
        assertThat(records(requestId(unsure))).extracting(r -> r.attribute(StoredAttribute.ROUTER_CASCADE))
                .containsExactlyInAnyOrder("superseded:low-confidence", "escalated:low-confidence");

        haiku.answer(OpenAiBackends.textStreamWithLogprobs(0.9, "Lima", "."));
        ConverseResponse sure = converse("Confidence check again: what is the capital of Peru?");

        assertThat(sure.output().message().content().getFirst().text()).isEqualTo("Lima.");
        assertThat(sure.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-cascade"))
                .contains("cheaper; confidence=0.900");
        assertThat(sonnet.requests()).hasSize(sonnetBefore + 1);

        haiku.answer(OpenAiBackends.textStream(10, 5, "from ", "haiku"));
        ConverseResponse unjudged = converse("Confidence check, no logprobs: what is the capital of Peru?");
        assertThat(unjudged.output().message().content().getFirst().text()).as("nothing to judge: it passes")
                .isEqualTo("from haiku");
        assertThat(unjudged.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-cascade"))
                .contains("cheaper; confidence=unknown");
    }

    @Test
    void aLeastConfidenceIsRefusedOutOfRangeOrWithoutItsCheck() throws Exception {
        for (String body : List.of("{\"mode\": \"cascade\", \"escalateOn\": [\"low-confidence\"], \"minConfidence\": 1}",
                "{\"mode\": \"cascade\", \"escalateOn\": [\"low-confidence\"], \"minConfidence\": \"0.5\"}",
                "{\"mode\": \"cascade\", \"escalateOn\": [\"refusal\"], \"minConfidence\": 0.5}",
                "{\"mode\": \"predict\", \"minConfidence\": 0.5}")) {
            HttpResponse<String> refused = admin("PUT", router, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).as(body).hasValueSatisfying(
                    type -> assertThat(type).startsWith("ValidationException"));
            assertThat(refused.body()).as(body).contains("minConfidence");
        }
        HttpResponse<String> defaulted = admin("PUT", router,
                "{\"mode\": \"cascade\", \"escalateOn\": [\"low-confidence\", \"refusal\"]}");
        assertThat(JSON.readTree(defaulted.body()).path("minConfidence").asDouble()).isEqualTo(0.5);
    }

    @Test
    void onlyTheConfiguredChecksEscalate() throws Exception {
        assertThat(admin("PUT", router, "{\"mode\": \"cascade\", \"escalateOn\": [\"refusal\"]}").statusCode())
                .isEqualTo(200);
        haiku.answer(OpenAiBackends.textStream("length", 10, 5, "from ", "haiku, cut"));
        int sonnetBefore = sonnet.requests().size();

        ConverseResponse response = converse("Only refusals escalate: name a prime number.");

        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(HAIKU);
        assertThat(sonnet.requests()).hasSize(sonnetBefore);
    }

    @Test
    void theRoutingIsReadBackAndBedrocksViewOfTheRouterIsUnchanged() throws Exception {
        assertThat(admin("PUT", router, "{\"mode\": \"cascade\", \"escalateOn\": [\"truncation\", \"refusal\"]}")
                .statusCode()).isEqualTo(200);

        JsonNode view = JSON.readTree(admin("GET", router, null).body());

        assertThat(view.path("mode").asText()).isEqualTo("cascade");
        assertThat(view.path("escalateOn").toString()).isEqualTo("[\"refusal\",\"truncation\"]");
        String wire = outcrop.adminGet("/prompt-routers/" + URLEncoder.encode(router, StandardCharsets.UTF_8));
        JsonNode get = JSON.readTree(wire);
        assertThat(get.path("promptRouterArn").asText()).as(wire).isEqualTo(router);
        List<String> members = new java.util.ArrayList<>();
        get.fieldNames().forEachRemaining(members::add);
        assertThat(members).contains("promptRouterArn", "models", "fallbackModel", "routingCriteria")
                .isSubsetOf("promptRouterName", "routingCriteria", "description", "createdAt", "updatedAt",
                        "promptRouterArn", "models", "fallbackModel", "status", "type");
    }

    @Test
    void theAdminApiRefusesWhatIsNotExactlyValid() throws Exception {
        assertThat(admin("PUT", router, "{\"mode\": \"sometimes\"}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", router, "{\"mode\": \"cascade\", \"escalateOn\": [\"boredom\"]}").statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", router, "{\"mode\": \"cascade\", \"escalateOn\": []}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", router, "{\"mode\": \"cascade\", \"escalateOn\": [\"refusal\", \"refusal\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(admin("PUT", router, "{\"mode\": \"predict\", \"escalateOn\": [\"refusal\"]}").statusCode())
                .isEqualTo(400);
        assertThat(admin("PUT", router, "{\"mode\": \"cascade\", \"extra\": 1}").statusCode()).isEqualTo(400);
        HttpResponse<String> onDefault = admin("PUT", PromptRouterControlPlaneTest.DEFAULT_ANTHROPIC,
                "{\"mode\": \"cascade\"}");
        assertThat(onDefault.statusCode()).isEqualTo(400);
        assertThat(onDefault.body()).contains("default prompt router");
        assertThat(admin("PUT", PromptRouterControlPlaneTest.ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz",
                "{\"mode\": \"cascade\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void aPredictingRouterAgainRoutesByPrediction() throws Exception {
        assertThat(admin("PUT", router, "{\"mode\": \"predict\"}").statusCode()).isEqualTo(200);
        int haikuBefore = haiku.requests().size();

        ConverseResponse response = converse(PromptRouterRuntimeTest.HARD);

        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(SONNET);
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-router-cascade")).isEmpty();
        assertThat(haiku.requests()).hasSize(haikuBefore);
    }

    @Test
    void usageShowsWhatTheRouterSavedAgainstAlwaysCallingTheStrongerModel() throws Exception {
        converse("Savings check: what is the capital of Chile?");
        haiku.answer(OpenAiBackends.textStream("length", 10, 5, "from ", "haiku, cut"));
        converse("Savings check: what is the capital of Bolivia?");

        List<UsageRecord> routed = outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60))
                .stream().filter(r -> router.equals(r.attribute(StoredAttribute.PROMPT_ROUTER))).toList();
        long cost = routed.stream().mapToLong(UsageRecord::costMicros).sum();
        long stronger = routed.stream().filter(r -> !superseded(r))
                .mapToLong(r -> PriceBook.defaults().price(SONNET_MODEL, r.servedRegions().getLast())
                        .cost(r.inputTokens(), r.outputTokens(), 0, 0)).sum();
        long setAside = routed.stream().filter(PromptRouterCascadeTest::superseded)
                .count();
        assertThat(setAside).isPositive();
        assertThat(stronger).isGreaterThan(cost); // the cheaper answers saved more than the escalations cost

        JsonNode report = JSON.readTree(outcrop.adminGet("/_outcrop/usage?groupBy=router"));
        JsonNode saving = null;
        for (JsonNode s : report.path("routerSavings")) {
            if (s.path("router").asText().equals(router)) {
                saving = s;
            }
        }
        assertThat(saving).as(report.toString()).isNotNull();
        assertThat(saving.path("calls").asLong()).isEqualTo(routed.size());
        assertThat(saving.path("escalations").asLong()).isEqualTo(setAside);
        assertThat(saving.path("costUsd").asDouble()).isEqualTo(cost / 1e6);
        assertThat(saving.path("strongerCostUsd").asDouble()).isEqualTo(stronger / 1e6);
        assertThat(saving.path("savedUsd").asDouble()).isEqualTo((stronger - cost) / 1e6);

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertThat(Main.run(List.of("usage", "--group-by", "router", "--data-dir", dataDir.toString()),
                java.util.Map.of(), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        JsonNode printed = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.path("routerSavings").toString()).contains(router).contains("\"strongerCostUsd\"");
    }

    private static boolean superseded(UsageRecord record) {
        return String.valueOf(record.attribute(StoredAttribute.ROUTER_CASCADE)).startsWith("superseded:");
    }

    private static final String NATIVE_BODY = "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 50, "
            + "\"messages\": [{\"role\": \"user\", \"content\": \"Native cascade check\"}]}";

    @Test
    void invokeModelThroughACascadeReportsTheModelWhoseAnswerItReturns() {
        haiku.answer(OpenAiBackends.textStream("length", 10, 5, "from ", "haiku, cut"));

        String answer = runtime.invokeModel(r -> r.modelId(router)
                .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(NATIVE_BODY))).body().asUtf8String();

        assertThat(answer).contains("from sonnet").doesNotContain("haiku")
                .contains("\"amazon-bedrock-trace\":{\"promptRouter\":{\"invokedModelId\":\"" + SONNET + "\"}}");
    }

    @Test
    void aNativeStreamThroughACascadeNamesTheStrongerModelAfterAnEscalation() {
        haiku.answer(OpenAiBackends.textStream("length", 10, 5, "from ", "haiku, cut"));
        List<String> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.invokeModelWithResponseStream(r -> r.modelId(router)
                            .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(NATIVE_BODY)),
                    software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler
                            .builder().subscriber(software.amazon.awssdk.services.bedrockruntime.model
                                    .InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                                    .onChunk(c -> chunks.add(c.bytes().asUtf8String())).build()).build()).join();
        }

        String all = String.join("\n", chunks);
        assertThat(all).contains("sonnet").doesNotContain("haiku")
                .contains("\"invokedModelId\":\"" + SONNET + "\"");
    }
}
