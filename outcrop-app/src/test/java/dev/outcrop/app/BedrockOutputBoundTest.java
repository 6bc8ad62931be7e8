package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * A body forwarded to Bedrock without a bound of its own is given the one admission reserved: 4,096 tokens, or the
 * model family's lower limit (Llama's 2,048), so that a call cannot generate past its budget; a caller's own bound
 * goes as it came.
 */
class BedrockOutputBoundTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final String NOVA_PROFILE = "us.amazon.nova-lite-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Message HELLO = Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("hello")).build();

    @TempDir
    Path dataDir;

    private StubBedrock upstream;
    private TestOutcrop front;

    @BeforeEach
    void start() throws Exception {
        upstream = new StubBedrock();
        upstream.release(); // every answer whole at once
        // 3,000 tokens a minute: a Llama call reserving 4,096 would be refused; one reserving 2,048 is not.
        front = upstream.front(dataDir, LLAMA + ", amazon.nova-lite-v1:0", """
                usage:
                  quotas:
                    - name: three-thousand
                      scope: principal:root
                      tokensPerMinute: 3000
                """, "");
    }

    @AfterEach
    void stop() {
        upstream.close();
        front.close();
    }

    private JsonNode sent(int i) throws Exception {
        return JSON.readTree(upstream.bodies().get(i));
    }

    @Test
    void aConverseBodyWithoutMaxTokensGoesWithTheBoundItReservedAndACallersOwnIsKept() throws Exception {
        try (BedrockRuntimeClient runtime = front.runtime()) {
            runtime.converse(r -> r.modelId(LLAMA).messages(HELLO).requestMetadata(Map.of("team", "search")));
            runtime.converse(r -> r.modelId(LLAMA).messages(HELLO).inferenceConfig(c -> c.maxTokens(100).temperature(0.5f)));
        }
        assertThat(sent(0).at("/inferenceConfig/maxTokens").asInt()).isEqualTo(2048); // Llama's own limit
        assertThat(sent(0).at("/requestMetadata/team").asText()).isEqualTo("search"); // the rest as it came
        assertThat(sent(1).at("/inferenceConfig/maxTokens").asInt()).isEqualTo(100);
        assertThat(sent(1).at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aNativeBodyWithoutItsFamilysFieldGoesWithTheBound() throws Exception {
        try (BedrockRuntimeAsyncClient runtime = front.runtimeAsyncH2c()) {
            runtime.invokeModelWithResponseStream(r -> r.modelId(LLAMA)
                            .body(SdkBytes.fromUtf8String("{\"prompt\": \"hello\", \"temperature\": 0.3}")),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().build()).build()).join();
            runtime.invokeModelWithResponseStream(r -> r.modelId(LLAMA)
                            .body(SdkBytes.fromUtf8String("{\"prompt\": \"hello\", \"max_gen_len\": 30}")),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().build()).build()).join();
        }
        assertThat(sent(0).path("max_gen_len").asInt()).isEqualTo(2048);
        assertThat(sent(0).path("prompt").asText()).isEqualTo("hello");
        assertThat(sent(0).path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(upstream.bodies().get(1)).isEqualTo("{\"prompt\": \"hello\", \"max_gen_len\": 30}"); // byte for byte
    }

    @Test
    void aModelWithoutALowerLimitIsBoundAtTheDefault() throws Exception {
        try (BedrockRuntimeClient runtime = front.runtime()) {
            runtime.converse(r -> r.modelId(NOVA_PROFILE).messages(HELLO).inferenceConfig(c -> c.maxTokens(2500)));
        }
        assertThat(sent(0).at("/inferenceConfig/maxTokens").asInt()).isEqualTo(2500);
    }
}
