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
}
