package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Bedrock's stream frames reach the caller as they arrive: the upstream sends the first frames and then holds the
 * rest back, and the SDK client sees the first ones while the upstream has not finished.
 */
class BedrockStreamTimingTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final Message HELLO = Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("hello")).build();

    @TempDir
    Path dataDir;

    private StubBedrock upstream;
    private TestOutcrop front;

    @BeforeEach
    void start() throws Exception {
        upstream = new StubBedrock();
        front = upstream.front(dataDir, LLAMA, "", "");
    }

    @AfterEach
    void stop() {
        upstream.close();
        front.close();
    }

    @Test
    void converseStreamFramesReachTheCallerBeforeTheUpstreamFinishes() throws Exception {
        CountDownLatch firstText = new CountDownLatch(1);
        StringBuilder text = new StringBuilder();
        try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
            CompletableFuture<Void> call = runtime.converseStream(r -> r.modelId(LLAMA).messages(HELLO),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> {
                                text.append(d.delta().text());
                                firstText.countDown();
                            }).build()).build());

            assertThat(firstText.await(15, TimeUnit.SECONDS)).as("the first delta, while the upstream waits").isTrue();
            assertThat(text.toString()).isEqualTo("Hello");
            assertThat(call).isNotDone();
            upstream.release();
            call.get(15, TimeUnit.SECONDS);
        }
        assertThat(text.toString()).isEqualTo("Hello world");
        assertThat(upstream.paths()).containsExactly("/model/" + LLAMA.replace(":", "%3A") + "/converse-stream");
    }

    @Test
    void invokeModelWithResponseStreamChunksReachTheCallerBeforeTheUpstreamFinishes() throws Exception {
        CountDownLatch firstChunk = new CountDownLatch(1);
        List<String> chunks = new CopyOnWriteArrayList<>();
        try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
            CompletableFuture<Void> call = runtime.invokeModelWithResponseStream(r -> r.modelId(LLAMA)
                            .body(SdkBytes.fromUtf8String("{\"prompt\": \"hello\", \"max_gen_len\": 30}")),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(chunk -> {
                                chunks.add(chunk.bytes().asUtf8String());
                                firstChunk.countDown();
                            }).build()).build());

            assertThat(firstChunk.await(15, TimeUnit.SECONDS)).as("the first chunk, while the upstream waits").isTrue();
            assertThat(chunks).singleElement().satisfies(c -> assertThat(c).contains("\"Hello\""));
            assertThat(call).isNotDone();
            upstream.release();
            call.get(15, TimeUnit.SECONDS);
        }
        assertThat(chunks).hasSize(2);
        assertThat(chunks.getLast()).contains("amazon-bedrock-invocationMetrics");
    }
}
