package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/** A router whose scoring service fails sends the call to its fallback model. */
class PromptRouterFallbackTest {
    @TempDir
    static Path dataDir;
    static HttpServer scoring;
    static final AtomicInteger asked = new AtomicInteger();
    static TestOutcrop outcrop;
    static BedrockRuntimeClient runtime;

    @BeforeAll
    static void start() throws Exception {
        scoring = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        scoring.createContext("/score", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        scoring.start();
        outcrop = TestOutcrop.start(OutcropConfig.defaults().withDataDir(dataDir), Map.of(
                RouterWiring.URL_ENV, "http://127.0.0.1:" + scoring.getAddress().getPort() + "/score"));
        runtime = outcrop.runtime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        outcrop.close();
        scoring.stop(0);
    }

    @Test
    void theFallbackModelServesWhenTheScoringServiceFails() {
        ConverseResponse response = runtime.converse(r -> r.modelId(PromptRouterControlPlaneTest.DEFAULT_ANTHROPIC)
                .messages(PromptRouterRuntimeTest.user(PromptRouterRuntimeTest.EASY)));

        assertThat(asked.get()).isPositive();
        assertThat(response.trace().promptRouter().invokedModelId()).isEqualTo(PromptRouterControlPlaneTest.SONNET);
    }

    @Test
    void boto3SeesTheRoutersOwnFallbackModelServeWhenTheScoringServiceFails() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boto3Scripts.boto3Installed(),
                "python3 with boto3 is not installed: the fallback through boto3 not tested");
        String custom;
        try (software.amazon.awssdk.services.bedrock.BedrockClient bedrock = outcrop.bedrock()) {
            // The fallback is the cheaper model here: a hard request it serves was not chosen by a prediction.
            custom = bedrock.createPromptRouter(r -> r.promptRouterName("falls-back-to-haiku")
                    .models(software.amazon.awssdk.services.bedrock.model.PromptRouterTargetModel.builder()
                                    .modelArn(PromptRouterControlPlaneTest.HAIKU).build(),
                            software.amazon.awssdk.services.bedrock.model.PromptRouterTargetModel.builder()
                                    .modelArn(PromptRouterControlPlaneTest.SONNET).build())
                    .fallbackModel(f -> f.modelArn(PromptRouterControlPlaneTest.HAIKU))
                    .routingCriteria(c -> c.responseQualityDifference(10.0))).promptRouterArn();
        }
        int before = asked.get();

        String output = Boto3Scripts.run(java.nio.file.Path.of("src", "test", "python", "prompt_router_fallback.py")
                .toAbsolutePath(), outcrop, custom);

        assertThat(output).contains("default easy: " + PromptRouterControlPlaneTest.SONNET, "decision: FALLBACK 0",
                "custom hard: " + PromptRouterControlPlaneTest.HAIKU,
                "custom stream hard: " + PromptRouterControlPlaneTest.HAIKU);
        assertThat(asked.get()).isEqualTo(before + 3);
    }
}
