package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.simulator.Fault;
import dev.outcrop.usage.UsageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Outcrop in front of "Bedrock": the upstream is a second Outcrop with credentials of its own, which verifies SigV4
 * as AWS does; the front calls it through the bedrock provider, and real SDK clients call the front.
 */
class BedrockProviderTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final String LLAMA_PROFILE = "us." + LLAMA;
    private static final String UPSTREAM_KEY = "AKIAUPSTREAMBEDROCK1";
    private static final String UPSTREAM_SECRET = "upstream-secret-never-shown-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Message HELLO = Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("hello")).build();

    @TempDir
    Path upstreamDir;
    @TempDir
    Path frontDir;

    private TestOutcrop upstream;
    private TestOutcrop front;

    @BeforeEach
    void startUpstream() {
        upstream = TestOutcrop.start(OutcropConfig.defaults().withDataDir(upstreamDir), Map.of(
                "OUTCROP_ROOT_ACCESS_KEY_ID", UPSTREAM_KEY, "OUTCROP_ROOT_SECRET_ACCESS_KEY", UPSTREAM_SECRET));
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        upstream.close();
    }

    /** The front, serving Llama 3.1 8B from the upstream in us-east-1 and us-west-2, with {@code credentials} in its environment. */
    private TestOutcrop startFront(Map<String, String> credentials) throws IOException {
        return startFront(credentials, "chain");
    }

    private TestOutcrop startFront(Map<String, String> credentials, String kind) throws IOException {
        OutcropConfig config = ConfigLoader.parse("""
                bedrock:
                  credentials: %s
                  regions: [us-east-1, us-west-2]
                  models: [%s]
                  endpoints:
                    us-east-1: %s
                    us-west-2: %s
                """.formatted(kind, LLAMA, upstream.endpoint(), upstream.endpoint()), "test", credentials)
                .withDataDir(frontDir);
        Map<String, String> env = new HashMap<>(TestOutcrop.ENV);
        env.putAll(credentials);
        front = TestOutcrop.start(config, env);
        return front;
    }

    private static Map<String, String> environmentKeys() {
        return Map.of("AWS_ACCESS_KEY_ID", UPSTREAM_KEY, "AWS_SECRET_ACCESS_KEY", UPSTREAM_SECRET);
    }

    private static List<UsageRecord> records(TestOutcrop outcrop) {
        return outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60));
    }

    @Test
    void converseThroughAFoundationModelIdIsAnsweredByTheUpstreamAndMeteredAsItMeteredIt() throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeClient runtime = front.runtime()) {
            ConverseResponse answer = runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)
                    .inferenceConfig(c -> c.maxTokens(40)));

            assertThat(answer.output().message().content().getFirst().text()).startsWith("Simulated answer");
            assertThat(records(upstream)).singleElement().satisfies(up -> {
                assertThat(up.principal()).contains("root");
                assertThat(up.modelIdCalled()).isEqualTo(LLAMA);
            });
            UsageRecord up = records(upstream).getFirst();
            UsageRecord here = records(front).getFirst();
            assertThat(here.inputTokens()).isEqualTo(up.inputTokens()).isEqualTo((long) answer.usage().inputTokens());
            assertThat(here.outputTokens()).isEqualTo(up.outputTokens()).isEqualTo((long) answer.usage().outputTokens());
        }
    }

    @Test
    void converseStreamThroughASystemProfileStreamsTheUpstreamsEvents() throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
            StringBuilder text = new StringBuilder();
            List<String> events = new CopyOnWriteArrayList<>();
            runtime.converseStream(r -> r.modelId(LLAMA_PROFILE).messages(HELLO),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> text.append(d.delta().text()))
                            .onMetadata(m -> events.add("metadata " + m.usage().outputTokens()))
                            .onMessageStop(s -> events.add("stop " + s.stopReasonAsString()))
                            .build()).build()).join();

            assertThat(text.toString()).startsWith("Simulated answer");
            UsageRecord up = records(upstream).getFirst();
            assertThat(events).containsExactly("stop end_turn", "metadata " + up.outputTokens());
            assertThat(records(front).getFirst().outputTokens()).isEqualTo(up.outputTokens());
        }
    }

    @Test
    void invokeModelWithANativeBodyIsAnsweredInTheModelsNativeShape() throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeClient runtime = front.runtime()) {
            JsonNode answer = JSON.readTree(runtime.invokeModel(r -> r.modelId(LLAMA)
                    .body(SdkBytes.fromUtf8String("{\"prompt\": \"hello\", \"max_gen_len\": 30}"))).body().asUtf8String());

            assertThat(answer.path("generation").asText()).startsWith("Simulated answer");
            assertThat(answer.path("generation_token_count").asLong()).isEqualTo(records(upstream).getFirst().outputTokens());
        }
    }

    @Test
    void converseThroughAnApplicationProfileArnReachesTheUpstream() throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeClient runtime = front.runtime();
             software.amazon.awssdk.services.bedrock.BedrockClient control = front.bedrock()) {
            String arn = control.createInferenceProfile(r -> r.inferenceProfileName("team-search")
                    .modelSource(m -> m.copyFrom("arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + LLAMA_PROFILE)))
                    .inferenceProfileArn();

            ConverseResponse answer = runtime.converse(r -> r.modelId(arn).messages(HELLO));

            assertThat(answer.output().message().content().getFirst().text()).startsWith("Simulated answer");
            assertThat(records(front).getFirst().applicationProfileArn()).isEqualTo(arn);
            assertThat(records(front).getFirst().outputTokens()).isEqualTo(records(upstream).getFirst().outputTokens());
        }
    }

    @Test
    void anUpstreamStreamThatBreaksOffReachesTheCallerAsAStreamError() throws Exception {
        startFront(environmentKeys());
        upstream.outcrop().simulatorFaults().set("us-east-1", new Fault(Fault.Kind.CUT_STREAM, null, 2));
        try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
            assertThatThrownBy(() -> runtime.converseStream(r -> r.modelId(LLAMA).messages(HELLO),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .build()).build()).join())
                    .hasRootCauseInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException.class);
        }
    }

    @Test
    void anUpstreamThrottleInOneRegionShiftsTheProfilesCallsToTheOther() throws Exception {
        startFront(environmentKeys());
        upstream.outcrop().simulatorFaults().set("us-east-1", new Fault(Fault.Kind.THROTTLE, null, 0));
        try (BedrockRuntimeClient runtime = front.runtime()) {
            for (int i = 0; i < 3; i++) {
                runtime.converse(r -> r.modelId(LLAMA_PROFILE).messages(HELLO));
            }

            assertThat(records(front)).hasSize(3).allSatisfy(r -> assertThat(r.servedRegions()).contains("us-west-2"));
            assertThat(records(upstream).stream().filter(r -> "Success".equals(r.outcome()))
                    .flatMap(r -> r.servedRegions().stream()).distinct().toList()).containsExactly("us-west-2");
        }
    }

    @Test
    void credentialsComeFromASharedCredentialsFileTheEnvironmentNames() throws Exception {
        Path file = frontDir.resolveSibling(frontDir.getFileName() + "-credentials");
        Files.writeString(file, "[default]\naws_access_key_id = " + UPSTREAM_KEY + "\naws_secret_access_key = "
                + UPSTREAM_SECRET + "\n");
        startFront(Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString()));
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThat(runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)).output().message().content().getFirst()
                    .text()).startsWith("Simulated answer");
        }
    }

    @Test
    void aBedrockApiKeyIsSentAsABearerToken() throws Exception {
        String key = upstream.rootBearer().substring("Bearer ".length());
        startFront(Map.of("AWS_BEARER_TOKEN_BEDROCK", key), "apiKey");
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThat(runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)).output().message().content().getFirst()
                    .text()).startsWith("Simulated answer");
            assertThat(records(upstream).getFirst().principal()).contains("root");
        }
    }

    @Test
    void bedrocksOwnValidationErrorComesBackUnchanged() throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)
                    .additionalModelRequestFields(software.amazon.awssdk.core.document.Document.mapBuilder()
                            .putNumber("top_k", -3).build())))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void credentialsBedrockRefusesMakeTheDeploymentUnavailableWithOneLogLineAndNeverShowTheSecret() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String wrongSecret = "wrong-secret-that-must-stay-hidden-42";
        List<String> answers = new ArrayList<>();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            startFront(Map.of("AWS_ACCESS_KEY_ID", UPSTREAM_KEY, "AWS_SECRET_ACCESS_KEY", wrongSecret));
            try (BedrockRuntimeClient runtime = front.runtime()) {
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)))
                            .isInstanceOf(ServiceUnavailableException.class)
                            .satisfies(e -> answers.add(e.getMessage()));
                }
                answers.add(front.adminGet("/_outcrop/deployments"));
            }
        } finally {
            System.setErr(original);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Bedrock refused the credentials of deployment " + LLAMA + "@us-east-1");
        assertThat(logged).doesNotContain(wrongSecret);
        assertThat(String.join("\n", answers)).doesNotContain(wrongSecret).doesNotContain(UPSTREAM_SECRET);
        front.close();
        front = null;
        try (Stream<Path> files = Files.walk(frontDir)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                assertThat(content).as(path.toString()).doesNotContain(wrongSecret).doesNotContain(UPSTREAM_SECRET);
            }
        }
    }
}
