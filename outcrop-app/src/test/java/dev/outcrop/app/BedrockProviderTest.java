package dev.outcrop.app;

import static dev.outcrop.util.Bytes.indexOf;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.outcrop.usage.StoredAttribute;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
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
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Outcrop in front of "Bedrock": the upstream is a second Outcrop with credentials of its own, which verifies SigV4
 * as AWS does; the front calls it through the bedrock provider, and real SDK clients call the front.
 */
class BedrockProviderTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final String LLAMA_PROFILE = "us." + LLAMA;
    /** Served by Bedrock only through inference profiles: the front calls it by the source region's system profile. */
    private static final String LLAMA33 = "meta.llama3-3-70b-instruct-v1:0";
    private static final String LLAMA33_PROFILE = "us." + LLAMA33;
    private static final String LLAMA_BODY = "{\"prompt\": \"hello\", \"max_gen_len\": 30}";
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
        if (upstream != null) {
            upstream.close();
        }
    }

    /** The front, serving Llama 3.1 8B from the upstream in us-east-1 and us-west-2, with {@code credentials} in its environment. */
    private TestOutcrop startFront(Map<String, String> credentials) throws IOException {
        return startFront(credentials, "chain");
    }

    private TestOutcrop startFront(Map<String, String> credentials, String kind) throws IOException {
        return startFront(credentials, kind, "");
    }

    /** The front, with {@code moreYaml} (whole top-level sections) added to its configuration. */
    private TestOutcrop startFront(Map<String, String> credentials, String kind, String moreYaml) throws IOException {
        return startFront(credentials, kind, moreYaml, 30_000);
    }

    /** As {@link #startFront(Map, String, String)}, waiting at most {@code firstByteMs} for Bedrock's first byte. */
    private TestOutcrop startFront(Map<String, String> credentials, String kind, String moreYaml, int firstByteMs)
            throws IOException {
        OutcropConfig config = ConfigLoader.parse(moreYaml + """
                bedrock:
                  firstByteTimeoutMs: %d
                  credentials: %s
                  regions: [us-east-1, us-west-2]
                  models: [%s, %s]
                  endpoints:
                    us-east-1: %s
                    us-west-2: %s
                """.formatted(firstByteMs, kind, LLAMA, LLAMA33, upstream.endpoint(), upstream.endpoint()), "test",
                credentials)
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

    /** The id a caller names the model by, in each of the three forms. */
    private String modelId(String form) {
        return switch (form) {
            case "foundation-model" -> LLAMA;
            case "system-profile" -> LLAMA_PROFILE;
            default -> {
                try (software.amazon.awssdk.services.bedrock.BedrockClient control = front.bedrock()) {
                    yield control.createInferenceProfile(r -> r.inferenceProfileName("team-" + form).modelSource(m -> m
                            .copyFrom("arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + LLAMA_PROFILE)))
                            .inferenceProfileArn();
                }
            }
        };
    }

    /** The chunks of an InvokeModelWithResponseStream answer, decoded. */
    private static List<JsonNode> invokeStream(BedrockRuntimeAsyncClient runtime, String modelId, String body) {
        List<JsonNode> chunks = new CopyOnWriteArrayList<>();
        runtime.invokeModelWithResponseStream(r -> r.modelId(modelId).body(SdkBytes.fromUtf8String(body)),
                InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                        InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(chunk -> {
                            try {
                                chunks.add(JSON.readTree(chunk.bytes().asByteArray()));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }).build()).build()).join();
        return chunks;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"foundation-model", "system-profile", "application-profile"})
    void everyRuntimeOperationGoesUpstreamAsTheCallerSentItAndIsMeteredAsTheUpstreamMeteredItCallByCall(String form)
            throws Exception {
        startFront(environmentKeys());
        String modelId = modelId(form);
        try (BedrockRuntimeClient runtime = front.runtime(); BedrockRuntimeAsyncClient async = front.runtimeAsyncH2c()) {
            // requestMetadata is no part of the model's request: only the caller's own body carries it upstream.
            runtime.converse(r -> r.modelId(modelId).messages(HELLO).requestMetadata(Map.of("team", "search")));
            StringBuilder streamed = new StringBuilder();
            async.converseStream(r -> r.modelId(modelId).messages(HELLO),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> streamed.append(d.delta().text())).build()).build()).join();
            JsonNode invoked = JSON.readTree(runtime.invokeModel(r -> r.modelId(modelId)
                    .body(SdkBytes.fromUtf8String(LLAMA_BODY))).body().asUtf8String());
            List<JsonNode> chunks = invokeStream(async, modelId, LLAMA_BODY);

            assertThat(streamed.toString()).startsWith("Simulated answer");
            assertThat(invoked.path("generation").asText()).startsWith("Simulated answer");
            assertThat(chunks.getLast().has("amazon-bedrock-invocationMetrics")).isTrue();
        }
        List<UsageRecord> ups = records(upstream);
        List<UsageRecord> heres = records(front);
        assertThat(heres).hasSize(4);
        assertThat(ups).hasSize(4);
        // Every call goes up as the operation the caller called, with the caller's body.
        assertThat(ups).extracting(UsageRecord::operation).containsExactly("Converse", "ConverseStream",
                "InvokeModel", "InvokeModelWithResponseStream");
        assertThat(heres).extracting(UsageRecord::operation).containsExactly("Converse", "ConverseStream",
                "InvokeModel", "InvokeModelWithResponseStream");
        assertThat(ups.getFirst().requestMetadata()).containsEntry("team", "search");
        for (int i = 0; i < 4; i++) {
            UsageRecord up = ups.get(i);
            UsageRecord here = heres.get(i);
            assertThat(here.inputTokens()).as("call %d", i).isEqualTo(up.inputTokens()).isPositive();
            assertThat(here.outputTokens()).as("call %d", i).isEqualTo(up.outputTokens()).isPositive();
            assertThat(up.modelIdCalled()).isEqualTo(LLAMA);
            assertThat(here.attribute(StoredAttribute.UPSTREAM_ID_FORM)).isEqualTo("foundation-model");
            assertThat(here.attribute(StoredAttribute.UPSTREAM_ID)).isEqualTo(LLAMA);
            assertThat(here.attribute(StoredAttribute.UPSTREAM_REGION)).isEqualTo(here.servedRegions().getLast());
            assertThat(here.attribute(StoredAttribute.UPSTREAM_SERVED_REGION)).isEqualTo(up.servedRegions().getLast());
        }
    }

    @Test
    void aModelBedrockServesOnlyThroughProfilesIsCalledByTheSourceRegionsSystemProfileAndTheUsageCommandSaysSo()
            throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeClient runtime = front.runtime(); BedrockRuntimeAsyncClient async = front.runtimeAsyncH2c()) {
            runtime.converse(r -> r.modelId(LLAMA33_PROFILE).messages(HELLO));
            invokeStream(async, LLAMA33_PROFILE, LLAMA_BODY);
        }
        List<UsageRecord> ups = records(upstream);
        List<UsageRecord> heres = records(front);
        assertThat(heres).hasSize(2);
        for (int i = 0; i < 2; i++) {
            UsageRecord here = heres.get(i);
            assertThat(ups.get(i).modelIdCalled()).isEqualTo(LLAMA33_PROFILE);
            assertThat(here.attribute(StoredAttribute.UPSTREAM_ID)).isEqualTo(LLAMA33_PROFILE);
            assertThat(here.attribute(StoredAttribute.UPSTREAM_ID_FORM)).isEqualTo("system-profile");
            assertThat(here.attribute(StoredAttribute.UPSTREAM_SERVED_REGION)).isEqualTo(ups.get(i).servedRegions().getLast());
            assertThat(here.outputTokens()).isEqualTo(ups.get(i).outputTokens());
        }
        UsageRecord first = heres.getFirst();
        front.close();
        front = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(List.of("usage", "--data-dir", frontDir.toString(), "--group-by", "upstream",
                "--from", "2000-01-01", "--format", "csv"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("system-profile " + LLAMA33_PROFILE + " in "
                + first.attribute(StoredAttribute.UPSTREAM_REGION) + ", served in "
                + first.attribute(StoredAttribute.UPSTREAM_SERVED_REGION));
    }

    @Test
    void aNativeBodyAProfilesStoredConfigurationChangedIsSentAsTheChangedRequestAndStillAnsweredNatively()
            throws Exception {
        startFront(environmentKeys());
        String arn = modelId("application-profile");
        java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(front.endpoint().resolve("/_outcrop/profiles/"
                        + java.net.URLEncoder.encode(arn, StandardCharsets.UTF_8) + "/configuration"))
                .header("Authorization", front.rootBearer())
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"maxTokens\":{\"value\":5,\"mode\":\"default\"}}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        try (BedrockRuntimeClient runtime = front.runtime()) {
            JsonNode answer = JSON.readTree(runtime.invokeModel(r -> r.modelId(arn)
                    .body(SdkBytes.fromUtf8String("{\"prompt\": \"hello\"}"))).body().asUtf8String());

            assertThat(answer.path("generation").asText()).startsWith("Simulated answer");
            assertThat(answer.path("generation_token_count").asInt()).isEqualTo(5);
        }
        UsageRecord up = records(upstream).getFirst();
        assertThat(up.operation()).isEqualTo("ConverseStream"); // written anew, with the profile's maxTokens
        assertThat(up.outputTokens()).isEqualTo(5).isEqualTo(records(front).getFirst().outputTokens());
    }

    @Test
    void anUpstreamThatStopsAnsweringMidStreamEndsTheNativeStreamWithAStreamErrorOnRecord() throws Exception {
        try (StallingProxy stalling = new StallingProxy(upstream.endpoint(), 1500)) {
            OutcropConfig config = ConfigLoader.parse("""
                    bedrock:
                      credentials: chain
                      regions: [us-east-1]
                      models: [%s]
                      timeoutMs: 3000
                      endpoints:
                        us-east-1: %s
                    """.formatted(LLAMA, stalling.endpoint()), "test", environmentKeys()).withDataDir(frontDir);
            Map<String, String> env = new HashMap<>(TestOutcrop.ENV);
            env.putAll(environmentKeys());
            front = TestOutcrop.start(config, env);
            List<String> texts = new CopyOnWriteArrayList<>();
            try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
                assertThatThrownBy(() -> runtime.invokeModelWithResponseStream(r -> r.modelId(LLAMA)
                                .body(SdkBytes.fromUtf8String(LLAMA_BODY)),
                        InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                                InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(chunk -> {
                                    texts.add(chunk.bytes().asUtf8String());
                                }).build()).build()).join())
                        .hasRootCauseInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException.class);
            }
            assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t).contains("\"generation\""));
            assertThat(records(front)).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo("ModelStreamErrorException");
                assertThat(r.outputTokens()).isPositive(); // what was generated before it stopped is real usage
            });
        }
    }

    /**
     * A TCP relay to the upstream that passes the request on whole and then only the first {@code bodyBytes} bytes
     * of the answer after its head, and goes silent with the connection open: an upstream that stops answering.
     */
    private static final class StallingProxy implements AutoCloseable {
        private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        private final List<java.net.Socket> sockets = new CopyOnWriteArrayList<>();

        StallingProxy(java.net.URI upstream, int bodyBytes) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        java.net.Socket client = listener.accept();
                        java.net.Socket server = new java.net.Socket(upstream.getHost(), upstream.getPort());
                        sockets.add(client);
                        sockets.add(server);
                        Thread.ofPlatform().daemon().start(() -> pipe(client, server, Long.MAX_VALUE));
                        Thread.ofPlatform().daemon().start(() -> pipe(server, client, bodyBytes));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        /** Copies {@code from} to {@code to}: all of it, or the head and {@code bodyLimit} bytes after it. */
        private static void pipe(java.net.Socket from, java.net.Socket to, long bodyLimit) {
            try {
                java.io.InputStream in = from.getInputStream();
                java.io.OutputStream out = to.getOutputStream();
                long afterHead = -1;
                int matched = 0;
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (afterHead >= bodyLimit) {
                        continue; // silent from here on, the connection left open
                    }
                    out.write(b);
                    if (afterHead >= 0) {
                        afterHead++;
                    } else {
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                        if (matched == 4) {
                            afterHead = 0;
                        }
                    }
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // a side closed
            }
        }

        java.net.URI endpoint() {
            return java.net.URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (java.net.Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void theCredentialsOutcropHoldsForBedrockNeverAppearInAnAnswerALogLineOrTheDatabase() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringBuilder answers = new StringBuilder();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            startFront(environmentKeys());
            upstream.outcrop().simulatorFaults().set("us-east-1", new Fault(Fault.Kind.THROTTLE, null, 0));
            try (BedrockRuntimeClient runtime = front.runtime(); BedrockRuntimeAsyncClient async = front.runtimeAsyncH2c()) {
                answers.append(runtime.converse(r -> r.modelId(LLAMA_PROFILE).messages(HELLO))).append('\n');
                answers.append(runtime.invokeModel(r -> r.modelId(LLAMA_PROFILE).body(SdkBytes.fromUtf8String(LLAMA_BODY)))
                        .body().asUtf8String()).append('\n');
                invokeStream(async, LLAMA_PROFILE, LLAMA_BODY).forEach(chunk -> answers.append(chunk).append('\n'));
                answers.append(runtime.countTokens(r -> r.modelId(LLAMA).input(i -> i.converse(c -> c.messages(HELLO)))))
                        .append('\n');
                // Bedrock's own refusal, and a throttle in every region, passed back to the caller
                try {
                    runtime.converse(r -> r.modelId(LLAMA_PROFILE).messages(HELLO)
                            .additionalModelRequestFields(software.amazon.awssdk.core.document.Document.mapBuilder()
                                    .putNumber("top_k", -3).build()));
                } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                    answers.append(e.getMessage()).append(e.awsErrorDetails().rawResponse().asUtf8String()).append('\n');
                }
                upstream.outcrop().simulatorFaults().set("us-west-2", new Fault(Fault.Kind.THROTTLE, null, 0));
                try {
                    runtime.converse(r -> r.modelId(LLAMA_PROFILE).messages(HELLO));
                } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                    answers.append(e.getMessage()).append(e.awsErrorDetails().rawResponse().asUtf8String()).append('\n');
                }
                answers.append(front.adminGet("/_outcrop/deployments")).append('\n');
                answers.append(front.adminGet("/_outcrop/usage?groupBy=upstream")).append('\n');
            }
            front.close();
            front = null;
        } finally {
            System.setErr(original);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(answers.toString()).contains("Simulated answer").contains("ThrottlingException")
                .doesNotContain(UPSTREAM_SECRET).doesNotContain(UPSTREAM_KEY);
        assertThat(logged).contains("ThrottlingException") // the front logged the upstream's throttles...
                .doesNotContain(UPSTREAM_SECRET).doesNotContain(UPSTREAM_KEY); // ...and nothing of its credentials
        byte[] secret = UPSTREAM_SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] key = UPSTREAM_KEY.getBytes(StandardCharsets.UTF_8);
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(frontDir)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(path);
                assertThat(indexOf(content, secret)).as(path.toString()).isNegative();
                assertThat(indexOf(content, key)).as(path.toString()).isNegative();
                scanned.add(path);
            }
        }
        assertThat(scanned).anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".db"));
    }

    @Test
    void countTokensIsAskedOfBedrockItself() throws Exception {
        // Once the upstream is gone the front must answer before the SDK's own 30-second timeout, however loaded.
        startFront(environmentKeys(), "chain", "", 5_000);
        try (BedrockRuntimeClient runtime = front.runtime()) {
            int counted = runtime.countTokens(r -> r.modelId(LLAMA).input(i -> i.converse(c -> c.messages(HELLO))))
                    .inputTokens();
            assertThat(counted).isPositive();
            assertThat(records(upstream)).isEmpty(); // counting runs no model, on either side

            upstream.close(); // without Bedrock, the front has nobody to ask: it does not count on its own
            upstream = null;
            assertThatThrownBy(() -> runtime.countTokens(r -> r.modelId(LLAMA)
                    .input(i -> i.converse(c -> c.messages(HELLO)))))
                    .isInstanceOf(ServiceUnavailableException.class);
        }
    }

    @Test
    void countTokensAskedOfBedrockTakesARequestFromTheCallersQuotas() throws Exception {
        startFront(environmentKeys(), "chain", """
                usage:
                  quotas:
                    - name: two-a-minute
                      scope: principal:root
                      requestsPerMinute: 2
                """);
        try (BedrockRuntimeClient runtime = front.runtime()) {
            for (int i = 0; i < 2; i++) {
                assertThat(runtime.countTokens(r -> r.modelId(LLAMA).input(in -> in.converse(c -> c.messages(HELLO))))
                        .inputTokens()).isPositive();
            }
            // Each count spends a request of the upstream account's rate: the third is over the caller's quota.
            assertThatThrownBy(() -> runtime.countTokens(r -> r.modelId(LLAMA)
                    .input(in -> in.converse(c -> c.messages(HELLO)))))
                    .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("two-a-minute");
                    });
            assertThat(records(front)).isEmpty(); // counting is not a model call: nothing on record
            // The caller's own quota says nothing of the deployments: a caller cannot take them out of rotation.
            assertThat(deploymentState(LLAMA, "us-east-1")).isEqualTo("healthy");
            assertThat(JSON.readTree(front.adminGet("/_outcrop/deployments")).path("deployments"))
                    .allSatisfy(d -> assertThat(d.path("state").asText()).isEqualTo("healthy"));
        }
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
    void aRoleAssumedThroughStsOfTheUpstreamSignsTheCallsWithItsTemporaryCredentials() throws Exception {
        upstream.outcrop().identity().createPrincipal("bedrock-caller", dev.outcrop.identity.Principal.Kind.ROLE,
                dev.outcrop.iam.TrustPolicy.trustingAccount("aws", upstream.outcrop().config().account().id()));
        upstream.outcrop().identity().putPolicy("bedrock-caller", "invoke", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*"}]}""");
        String roleArn = "arn:aws:iam::" + upstream.outcrop().config().account().id() + ":role/bedrock-caller";
        Map<String, String> env = new HashMap<>(environmentKeys());
        env.put("AWS_ENDPOINT_URL_STS", upstream.endpoint().toString());
        OutcropConfig config = ConfigLoader.parse("""
                bedrock:
                  credentials: role
                  roleArn: %s
                  regions: [us-east-1]
                  models: [%s]
                  endpoints:
                    us-east-1: %s
                """.formatted(roleArn, LLAMA, upstream.endpoint()), "test", env).withDataDir(frontDir);
        Map<String, String> frontEnv = new HashMap<>(TestOutcrop.ENV);
        frontEnv.putAll(env);
        front = TestOutcrop.start(config, frontEnv);
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThat(runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)).output().message().content().getFirst()
                    .text()).startsWith("Simulated answer");
        }
        assertThat(records(upstream)).singleElement().satisfies(r -> assertThat(r.principal()).isEqualTo("bedrock-caller"));
        assertThat(upstream.outcrop().identity().accessKeys("bedrock-caller")).singleElement()
                .satisfies(k -> assertThat(k.expiresAt()).isNotNull()); // temporary: a session token signed each call
    }

    @Test
    void stsRefusesToLetAPrincipalAssumeARoleItsPoliciesDoNotAllow() {
        upstream.outcrop().identity().createPrincipal("bedrock-caller", dev.outcrop.identity.Principal.Kind.ROLE);
        upstream.outcrop().identity().createPrincipal("nobody", dev.outcrop.identity.Principal.Kind.USER);
        var key = upstream.outcrop().identity().createAccessKey("nobody");
        String account = upstream.outcrop().config().account().id();
        try (software.amazon.awssdk.services.sts.StsClient sts = software.amazon.awssdk.services.sts.StsClient.builder()
                .endpointOverride(upstream.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key.accessKeyId(),
                                key.secretAccessKey())))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/bedrock-caller")
                    .roleSessionName("s1")))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.sts.model.StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    });
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
    void anUpstreamThatDeniesOutcropsCredentialsIsFailedOverAndEjectedAndTheCallerGetsAScrubbed503()
            throws Exception {
        // Outcrop's upstream principal may call Bedrock in us-west-2 only: us-east-1 answers AccessDenied with the
        // upstream account's id and the principal's ARN in its message.
        upstream.outcrop().identity().createPrincipal("outcrop-west", dev.outcrop.identity.Principal.Kind.USER);
        upstream.outcrop().identity().putPolicy("outcrop-west", "west", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*",
                 "Condition":{"StringEquals":{"aws:RequestedRegion":"us-west-2"}}}]}""");
        var key = upstream.outcrop().identity().createAccessKey("outcrop-west");
        String account = upstream.outcrop().config().account().id();
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            startFront(Map.of("AWS_ACCESS_KEY_ID", key.accessKeyId(), "AWS_SECRET_ACCESS_KEY", key.secretAccessKey()));
            try (BedrockRuntimeClient runtime = front.runtime()) {
                // Through the profile, the denied source region is tried, and us-west-2 answers the same call.
                ConverseResponse answer = runtime.converse(r -> r.modelId(LLAMA_PROFILE).messages(HELLO));
                assertThat(answer.output().message().content().getFirst().text()).startsWith("Simulated answer");
                assertThat(answer.sdkHttpResponse().firstMatchingHeader("x-outcrop-served-region")).hasValue("us-west-2");
                assertThat(deploymentState(LLAMA, "us-east-1")).isEqualTo("ejected");
                assertThat(deploymentState(LLAMA, "us-west-2")).isEqualTo("healthy");

                // The model id alone is served in us-east-1 only: the caller gets a 503 that shows nothing upstream.
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)))
                        .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(503);
                            assertThat(e.getMessage() + e.awsErrorDetails().rawResponse().asUtf8String())
                                    .doesNotContain(account).doesNotContain("outcrop-west").doesNotContain("arn:");
                        });
            }
        } finally {
            System.setErr(original);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        String line = "Bedrock denied the credentials of deployment " + LLAMA + "@us-east-1 access";
        assertThat(logged).contains(line);
        assertThat(logged.indexOf(line)).isEqualTo(logged.lastIndexOf(line)); // once, not per call
        assertThat(records(front)).extracting(UsageRecord::outcome)
                .containsExactly("Success", "ServiceUnavailableException");
    }

    @Test
    void aModelTheUpstreamAccountDoesNotHaveIsA503WithoutTheAccountAndTheDeploymentLeavesRotation() throws Exception {
        String account = upstream.outcrop().config().account().id();
        // The upstream names the missing resource by its ARN, which holds the upstream account's id.
        String missing = "arn:aws:bedrock:us-east-1:" + account + ":application-inference-profile/gone00000000";
        startFront(environmentKeys(), "chain", """
                deployments:
                  - model: %s
                    regions: [us-east-1]
                    provider: bedrock
                    remoteModel: "%s"
                """.formatted(LLAMA, missing));
        try (BedrockRuntimeClient runtime = front.runtime()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)))
                        .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(503);
                            assertThat(e.getMessage() + e.awsErrorDetails().rawResponse().asUtf8String())
                                    .doesNotContain(account).doesNotContain("gone00000000");
                        });
            }
            assertThat(deploymentState(LLAMA, "us-east-1")).isEqualTo("ejected");
        }
    }

    @Test
    void aCallersGuardrailIsRefusedByTheFrontAndNeverReachesTheUpstreamOrTheDeploymentsHealth() throws Exception {
        startFront(environmentKeys());
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(LLAMA).messages(HELLO)
                    .guardrailConfig(g -> g.guardrailIdentifier("gr-team").guardrailVersion("1"))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThat(records(upstream)).isEmpty();
            runtime.converse(r -> r.modelId(LLAMA).messages(HELLO));
            assertThat(deploymentState(LLAMA, "us-east-1")).isEqualTo("healthy");
        }
        assertThat(records(upstream)).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo("Success"));
    }

    /** The state the front's admin API gives the deployment of {@code model} in {@code region}. */
    private String deploymentState(String model, String region) throws IOException {
        for (JsonNode d : JSON.readTree(front.adminGet("/_outcrop/deployments")).path("deployments")) {
            if (d.path("modelId").asText().equals(model) && d.path("region").asText().equals(region)) {
                return d.path("state").asText();
            }
        }
        throw new AssertionError("no deployment " + model + "@" + region);
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
