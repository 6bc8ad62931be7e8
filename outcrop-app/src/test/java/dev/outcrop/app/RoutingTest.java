package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.simulator.Fault;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** Cross-region routing under the simulator's faults, seen by a real client. Each test has its own server. */
class RoutingTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";

    /** Long enough that a loaded machine finishes the calls made while a region throttles within it. */
    private static final int THROTTLE_BACKOFF_MS = 3_000;

    @TempDir
    Path dataDir;
    TestOutcrop outcrop;
    BedrockRuntimeClient runtime;

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(OutcropConfig.defaults().withDataDir(dataDir)
                .with(new RoutingConfig(3, 10_000, 2, 60_000, THROTTLE_BACKOFF_MS, 2 * THROTTLE_BACKOFF_MS)));
        runtime = outcrop.runtime();
    }

    @AfterEach
    void stop() {
        runtime.close();
        outcrop.close();
    }

    private void fault(String region, Fault.Kind kind) {
        outcrop.outcrop().simulatorFaults().set(region, new Fault(kind, null, 3));
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static String servedRegion(ConverseResponse response) {
        return response.sdkHttpResponse().firstMatchingHeader("x-outcrop-served-region").orElseThrow();
    }

    @Test
    void withOneOfThreeRegionsDownConcurrentCallsSeeNoErrors() throws Exception {
        fault("us-east-2", Fault.Kind.DOWN);
        Map<String, Integer> byRegion = new ConcurrentHashMap<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        try (BedrockRuntimeClient east2 = outcrop.runtime(Region.US_EAST_2);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    try {
                        ConverseResponse response = east2.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("call " + n)));
                        byRegion.merge(servedRegion(response), 1, Integer::sum);
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }

        assertThat(errors).isEmpty();
        assertThat(byRegion.keySet()).containsExactlyInAnyOrder("us-east-1", "us-west-2");
        assertThat(byRegion.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
        assertThat(deployments()).contains("\"region\":\"us-east-2\",\"provider\":\"simulator\",\"state\":\"ejected\"");
    }

    @Test
    void aThrottlingRegionLosesItsTrafficAndGetsItBackWhenItRecovers() throws Exception {
        assertThat(servedRegion(runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("before"))))).isEqualTo("us-east-1");
        fault("us-east-1", Fault.Kind.THROTTLE);

        List<String> during = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            during.add(servedRegion(runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("during")))));
        }
        assertThat(during).containsOnly("us-west-2");
        assertThat(deployments()).contains("\"region\":\"us-east-1\",\"provider\":\"simulator\",\"state\":\"throttled\"");

        outcrop.outcrop().simulatorFaults().clear("us-east-1");
        String after = "us-west-2";
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!after.equals("us-east-1") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = servedRegion(runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("after"))));
        }
        assertThat(after).isEqualTo("us-east-1");
    }

    @Test
    void whenEveryRegionIsDownTheCallerGetsARetryableErrorWithoutWaitingOnDeadRegions() {
        fault("us-east-1", Fault.Kind.HANG);
        fault("us-west-2", Fault.Kind.HANG);

        // Each deployment times out until its breaker ejects it (two consecutive failures here) ...
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("x"))))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException.class);
        }
        // ... then calls are refused at once, with the error SDKs retry, naming no dead region's timeout.
        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("x"))))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("out of rotation")
                .satisfies(e -> assertThat(((ServiceUnavailableException) e).statusCode()).isEqualTo(503));
        assertThat(deployments()).contains("\"region\":\"us-east-1\",\"provider\":\"simulator\",\"state\":\"ejected\"")
                .contains("\"region\":\"us-west-2\",\"provider\":\"simulator\",\"state\":\"ejected\"");
    }

    @Test
    void whenEveryRegionThrottlesTheCallerGetsAThrottlingExceptionBeforeAnyStreamStarts() {
        fault("us-east-1", Fault.Kind.THROTTLE);
        fault("us-west-2", Fault.Kind.THROTTLE);

        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("x"))))
                .isInstanceOf(ThrottlingException.class)
                .satisfies(e -> assertThat(((ThrottlingException) e).statusCode()).isEqualTo(429));
        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            assertThatThrownBy(() -> async.converseStream(r -> r.modelId(HAIKU_PROFILE).messages(user("x")),
                    ConverseStreamResponseHandler.builder().subscriber(e -> { }).build()).join())
                    .hasCauseInstanceOf(ThrottlingException.class);
        }
    }

    @Test
    void aCallToAFoundationModelNeverLeavesItsRegion() {
        fault("us-east-1", Fault.Kind.DOWN);

        assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("stay home"))))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(deployments()).doesNotContain("\"region\":\"us-west-2\"");
    }

    @Test
    void aStreamCutMidAnswerIsContinuedElsewhereAsOneCompleteStream() {
        ConverseResponse reference = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("tell me a story")));
        outcrop.outcrop().simulatorFaults().set("us-east-1", new Fault(Fault.Kind.CUT_STREAM, null, 5));
        List<ConverseStreamOutput> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();

        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(HAIKU_PROFILE).messages(user("tell me a story")),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onDefault(events::add)
                            .onContentBlockDelta(e -> {
                                events.add(e);
                                text.append(e.delta().text());
                            }).build()).build()).join();
        }

        String expected = reference.output().message().content().getFirst().text();
        assertThat(text.toString()).isEqualTo(expected);
        assertThat(events).filteredOn(e -> e.sdkEventType() == ConverseStreamOutput.EventType.MESSAGE_START).hasSize(1);
        assertThat(events).filteredOn(e -> e.sdkEventType() == ConverseStreamOutput.EventType.MESSAGE_STOP).hasSize(1);
        var metadata = (software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent) events.getLast();
        Tokenizer tokenizer = new Tokenizer();
        String firstPart = String.join("", tokenizer.split(expected).subList(0, 5));
        int continuedInput = reference.usage().inputTokens() + tokenizer.count(firstPart) + 3;
        assertThat(metadata.usage().outputTokens()).isEqualTo(5 + tokenizer.count(expected.substring(firstPart.length())));
        assertThat(metadata.usage().inputTokens()).isEqualTo(reference.usage().inputTokens() + continuedInput);
    }

    @Test
    void aStreamCutWhereNoOtherRegionCanContinueEndsWithAnExceptionEvent() {
        fault("us-east-1", Fault.Kind.CUT_STREAM);
        List<ConverseStreamOutput> received = new ArrayList<>();

        try (BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            assertThatThrownBy(() -> async.converseStream(r -> r.modelId(HAIKU).messages(user("cut me")),
                    ConverseStreamResponseHandler.builder().subscriber(received::add).build()).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ModelStreamErrorException.class);
        }
        assertThat(received).isNotEmpty()
                .noneMatch(e -> e.sdkEventType() == ConverseStreamOutput.EventType.MESSAGE_STOP);
    }

    @Test
    void eachAnswerSaysWhereItWasServedAndWhatOutcropItselfTook() {
        ConverseResponse response = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("where")));

        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-served-region")).hasValue("us-east-1");
        assertThat(Long.parseLong(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-overhead-ms").orElseThrow()))
                .isNotNegative();
    }

    @Test
    void faultsCanBeSetAndClearedThroughTheAdminApi() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(outcrop.endpoint().resolve("/_outcrop/simulator/faults/us-east-1"))
                .header("Authorization", outcrop.rootBearer()).PUT(HttpRequest.BodyPublishers.ofString("{\"kind\":\"down\",\"durationMs\":60000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"region\":\"us-east-1\",\"kind\":\"DOWN\"");
        assertThat(servedRegion(runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("x"))))).isEqualTo("us-west-2");

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(outcrop.endpoint().resolve("/_outcrop/simulator/faults/us-east-1"))
                .header("Authorization", outcrop.rootBearer()).PUT(HttpRequest.BodyPublishers.ofString("{\"kind\":\"meteor\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("X-Amzn-ErrorType")).hasValue("ValidationException");
        HttpResponse<String> cleared = http.send(HttpRequest.newBuilder(outcrop.endpoint().resolve("/_outcrop/simulator/faults/us-east-1"))
                .header("Authorization", outcrop.rootBearer()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cleared.body()).isEqualTo("{\"faults\":[]}");
    }

    private String deployments() {
        return outcrop.adminGet("/_outcrop/deployments");
    }
}
