package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.outcrop.usage.UsageRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
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
    private TestOutcrop front;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            calledPaths.add(exchange.getRequestURI().getRawPath());
            exchange.getRequestBody().readAllBytes();
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
                  regions: [us-east-1]
                  models: [%s]
                  endpoints:
                    us-east-1: http://127.0.0.1:%d
                """.formatted(MODEL, upstream.getAddress().getPort()), "test", keys).withDataDir(dataDir);
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
        try (BedrockRuntimeClient runtime = front.runtime()) {
            answer = runtime.converse(r -> r.modelId(MODEL).messages(Message.builder().role(ConversationRole.USER)
                    .content(ContentBlock.fromText("The capital of France?")).build()));
        }

        assertThat(calledPaths).containsExactly("/model/" + MODEL.replace(":", "%3A") + "/converse");
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
}
