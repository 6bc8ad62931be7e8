package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import dev.outcrop.usage.UsageRecord;
import dev.outcrop.util.EventStreamFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * Converse through the Bedrock provider hands the upstream's answer on as it came: what Outcrop's own rendering could
 * not carry (a reasoning block's signature, the model's additional response fields, Bedrock's own latency) reaches the
 * caller unchanged. The upstream is a stub answering one fixed Converse body, since those members are what a
 * simulator does not produce.
 */
class BedrockConversePassthroughTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String ANSWER = """
            {"output":{"message":{"role":"assistant","content":[
              {"reasoningContent":{"reasoningText":{"text":"Think first.","signature":"c2lnbmF0dXJlLW9mLXRoZS1tb2RlbA=="}}},
              {"text":"Paris."}]}},
             "stopReason":"end_turn",
             "usage":{"inputTokens":11,"outputTokens":7,"totalTokens":18},
             "metrics":{"latencyMs":4321},
             "additionalModelResponseFields":{"stop_sequence":null,"model_detail":"kept"}}""";

    @TempDir
    Path dataDir;
    private HttpServer upstream;
    private final List<String> calledPaths = new CopyOnWriteArrayList<>();
    /** The stream answers of the calls in turn: each a list of whole messages, then bytes that end it (or none). */
    private final List<byte[]> streamAnswers = new CopyOnWriteArrayList<>();
    private TestOutcrop front;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            calledPaths.add(path);
            exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/converse-stream")) {
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.amazon.eventstream");
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write(streamAnswers.removeFirst());
                exchange.getResponseBody().flush();
                exchange.close();
                return;
            }
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIASTUBUPSTREAM0001", "AWS_SECRET_ACCESS_KEY",
                "stub-upstream-secret-0000000000000000");
        OutcropConfig config = ConfigLoader.parse("""
                bedrock:
                  credentials: chain
                  regions: [us-east-1, us-west-2]
                  models: [%s, %s]
                  endpoints:
                    us-east-1: http://127.0.0.1:%3$d
                    us-west-2: http://127.0.0.1:%3$d
                """.formatted(MODEL, RouterBackends.SONNET_MODEL, upstream.getAddress().getPort()), "test", keys).withDataDir(dataDir);
        Map<String, String> env = new HashMap<>(TestOutcrop.ENV);
        env.putAll(keys);
        front = TestOutcrop.start(config, env);
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        upstream.stop(0);
    }

    @Test
    void conversesAnswerArrivesAsTheUpstreamSentItAndIsMeteredByItsUsage() {
        ConverseResponse answer;
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (BedrockRuntimeClient runtime = BedrockRuntimeClient.builder().endpointOverride(front.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(TestOutcrop.CREDENTIALS)
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(TestOutcrop.noRetries().toBuilder()
                        .addExecutionInterceptor(bodyRecorder(received)).build())
                .build()) {
            answer = runtime.converse(r -> r.modelId(MODEL).messages(Message.builder().role(ConversationRole.USER)
                    .content(ContentBlock.fromText("The capital of France?")).build()));
        }

        assertThat(calledPaths).containsExactly(path("converse"));
        assertThat(new String(received.get(), StandardCharsets.UTF_8)).isEqualTo(ANSWER); // byte for byte
        assertThat(answer.output().message().content()).hasSize(2);
        assertThat(answer.output().message().content().get(0).reasoningContent().reasoningText().signature())
                .isEqualTo("c2lnbmF0dXJlLW9mLXRoZS1tb2RlbA==");
        assertThat(answer.output().message().content().get(1).text()).isEqualTo("Paris.");
        assertThat(answer.metrics().latencyMs()).isEqualTo(4321L);
        assertThat(answer.additionalModelResponseFields().asMap().get("model_detail").asString()).isEqualTo("kept");
        assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(answer.usage().inputTokens()).isEqualTo(11);
        List<UsageRecord> records = front.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.operation()).isEqualTo("Converse");
            assertThat(record.inputTokens()).isEqualTo(11);
            assertThat(record.outputTokens()).isEqualTo(7);
        });
    }

    /** An interceptor that keeps the answer body's bytes as they came over the wire, before the SDK reads them. */
    private static ExecutionInterceptor bodyRecorder(AtomicReference<byte[]> received) {
        return new ExecutionInterceptor() {
            @Override
            public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                                   ExecutionAttributes attributes) {
                return context.responseBody().map(body -> {
                    try {
                        received.set(body.readAllBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new ByteArrayInputStream(received.get());
                });
            }
        };
    }

    private static String path(String action) {
        return "/model/" + MODEL.replace(":", "%3A") + "/" + action;
    }

    private static byte[] event(String type, String json) {
        return EventStreamFrame.encode(json.getBytes(StandardCharsets.UTF_8), ":event-type", type,
                ":content-type", "application/json", ":message-type", "event");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static final byte[] START = event("messageStart", "{\"role\":\"assistant\"}");

    private static byte[] metadata(int input, int output) {
        return event("metadata", "{\"usage\":{\"inputTokens\":" + input + ",\"outputTokens\":" + output
                + ",\"totalTokens\":" + (input + output) + "},\"metrics\":{\"latencyMs\":4321},"
                + "\"trace\":{\"guardrail\":{\"modelOutput\":[\"kept\"]}}}");
    }

    private static byte[] text(String text) {
        return event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"text\":\"" + text + "\"}}");
    }

    /** The text (and the blocks it came in), the reasoning signatures and the metadata events a ConverseStream call received. */
    private record Streamed(String text, List<Integer> textBlocks, List<String> signatures,
                            List<ConverseStreamMetadataEvent> metadata) {}

    private Streamed converseStream() {
        return converseStream(MODEL);
    }

    private Streamed converseStream(String modelId) {
        StringBuilder text = new StringBuilder();
        List<Integer> textBlocks = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        List<ConverseStreamMetadataEvent> metadata = new CopyOnWriteArrayList<>();
        try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
            runtime.converseStream(r -> r.modelId(modelId).messages(Message.builder().role(ConversationRole.USER)
                            .content(ContentBlock.fromText("Greet me.")).build()),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> {
                                if (d.delta().text() != null) {
                                    text.append(d.delta().text());
                                    textBlocks.add(d.contentBlockIndex());
                                } else if (d.delta().reasoningContent() != null
                                        && d.delta().reasoningContent().signature() != null) {
                                    signatures.add(d.delta().reasoningContent().signature());
                                }
                            })
                            .onMetadata(metadata::add).build()).build()).join();
        }
        return new Streamed(text.toString(), textBlocks, signatures, metadata);
    }

    @Test
    void converseStreamsMessagesArriveAsTheUpstreamSentThem() {
        streamAnswers.add(concat(START,
                event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Hm.\"}}}"),
                event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                        + "{\"signature\":\"c2lnbmF0dXJl\"}}}"),
                event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                text("Hello"), event("contentBlockStop", "{\"contentBlockIndex\":1}"),
                event("messageStop", "{\"stopReason\":\"end_turn\"}"), metadata(9, 4)));

        Streamed streamed = converseStream();

        assertThat(calledPaths).containsExactly(path("converse-stream"));
        assertThat(streamed.text()).isEqualTo("Hello");
        assertThat(streamed.signatures()).containsExactly("c2lnbmF0dXJl");
        assertThat(streamed.metadata()).singleElement().satisfies(m -> {
            assertThat(m.metrics().latencyMs()).isEqualTo(4321L);
            assertThat(m.trace().guardrail().modelOutput()).containsExactly("kept");
            assertThat(m.usage().outputTokens()).isEqualTo(4);
        });
        assertThat(front.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60))).singleElement()
                .satisfies(record -> {
                    assertThat(record.operation()).isEqualTo("ConverseStream");
                    assertThat(record.inputTokens()).isEqualTo(9);
                    assertThat(record.outputTokens()).isEqualTo(4);
                });
    }

    @Test
    void aRoutedConverseGetsTheUpstreamsAnswerWithTheRoutersTraceBesideItsOwnMembers() {
        ConverseResponse answer;
        try (BedrockRuntimeClient runtime = front.runtime()) {
            answer = runtime.converse(r -> r.modelId(PromptRouterRuntimeTest.DEFAULT_ROUTER)
                    .messages(PromptRouterRuntimeTest.user(PromptRouterRuntimeTest.EASY)));
        }

        assertThat(calledPaths).containsExactly(path("converse"));
        assertThat(answer.trace().promptRouter().invokedModelId()).isEqualTo(PromptRouterRuntimeTest.HAIKU);
        // Members only the upstream's own body has: the answer is Bedrock's, not one Outcrop rendered.
        assertThat(answer.metrics().latencyMs()).isEqualTo(4321L);
        assertThat(answer.additionalModelResponseFields().asMap().get("model_detail").asString()).isEqualTo("kept");
        assertThat(answer.output().message().content().get(0).reasoningContent().reasoningText().signature())
                .isEqualTo("c2lnbmF0dXJlLW9mLXRoZS1tb2RlbA==");
    }

    @Test
    void aRoutedConverseStreamsMetadataCarriesTheRoutersTraceBesideTheUpstreamsOwn() {
        streamAnswers.add(concat(START, text("Hello"), event("contentBlockStop", "{\"contentBlockIndex\":1}"),
                event("messageStop", "{\"stopReason\":\"end_turn\"}"), metadata(9, 4)));

        Streamed streamed = converseStream(PromptRouterRuntimeTest.DEFAULT_ROUTER);

        assertThat(calledPaths).containsExactly(path("converse-stream"));
        assertThat(streamed.text()).isEqualTo("Hello");
        assertThat(streamed.metadata()).singleElement().satisfies(m -> {
            assertThat(m.trace().promptRouter().invokedModelId()).isEqualTo(PromptRouterRuntimeTest.HAIKU);
            assertThat(m.trace().guardrail().modelOutput()).containsExactly("kept");
            assertThat(m.metrics().latencyMs()).isEqualTo(4321L);
            assertThat(m.usage().outputTokens()).isEqualTo(4);
        });
    }

    @Test
    void aConverseStreamBedrockBreaksOffIsContinuedByAnotherProviderInTheSameStream() throws IOException {
        front.close();
        try (FakeOpenAiServer vllm = new FakeOpenAiServer()) {
            vllm.answer(FakeOpenAiServer.Answer.vllm(List.of(" world"), "stop", null, 12, 2, 0));
            Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIASTUBUPSTREAM0001", "AWS_SECRET_ACCESS_KEY",
                    "stub-upstream-secret-0000000000000000");
            // The caller's source region (us-east-1) is Bedrock's, and is tried first; us-west-2 is a vLLM server.
            OutcropConfig config = ConfigLoader.parse("""
                    simulator: {enabled: false}
                    deployments:
                      - {model: %1$s, regions: [us-east-1], provider: bedrock, url: "http://127.0.0.1:%2$d"}
                      - {model: %1$s, regions: [us-west-2], provider: openai, url: "%3$s", remoteModel: served,
                         continueFinalMessage: true}
                    """.formatted(MODEL, upstream.getAddress().getPort(), vllm.url()), "test", keys)
                    .withDataDir(dataDir.resolve("mixed"));
            Map<String, String> env = new HashMap<>(TestOutcrop.ENV);
            env.putAll(keys);
            front = TestOutcrop.start(config, env);
            byte[] cut = metadata(9, 4);
            streamAnswers.add(concat(START, text("Hello"), java.util.Arrays.copyOf(cut, cut.length / 2)));

            Streamed streamed = converseStream("us." + MODEL);

            assertThat(calledPaths).containsExactly(path("converse-stream"));
            assertThat(streamed.text()).isEqualTo("Hello world");
            // The continuation goes on in the text block Bedrock left open, not in a block of its own numbering.
            assertThat(streamed.textBlocks()).containsOnly(1);
            assertThat(streamed.metadata()).singleElement()
                    .satisfies(m -> assertThat(m.usage().outputTokens()).isGreaterThanOrEqualTo(2));
            assertThat(front.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60))).singleElement()
                    .satisfies(record -> {
                        assertThat(record.outcome()).isEqualTo("Success");
                        assertThat(record.servedRegions()).containsExactly("us-east-1", "us-west-2");
                    });
        }
    }
}
