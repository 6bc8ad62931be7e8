package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.PromptRouterTargetModel;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * How a custom router routes, set from the command line ({@code outcrop routers configure}) and from the
 * configuration file's {@code promptRouters} section, and the decision header a file turns on for every call.
 */
class PromptRouterConfigTest {
    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String createRouter(TestOutcrop outcrop) {
        try (BedrockClient bedrock = outcrop.bedrock()) {
            return bedrock.createPromptRouter(r -> r.promptRouterName("configured")
                    .models(PromptRouterTargetModel.builder().modelArn(PromptRouterControlPlaneTest.HAIKU).build(),
                            PromptRouterTargetModel.builder().modelArn(PromptRouterControlPlaneTest.SONNET).build())
                    .fallbackModel(f -> f.modelArn(PromptRouterControlPlaneTest.SONNET))
                    .routingCriteria(c -> c.responseQualityDifference(10.0))).promptRouterArn();
        }
    }

    private static JsonNode routing(TestOutcrop outcrop, String router) throws Exception {
        return new ObjectMapper().readTree(outcrop.adminGet("/_outcrop/prompt-routers/"
                + URLEncoder.encode(router, StandardCharsets.UTF_8) + "/routing"));
    }

    @Test
    void theCommandLineConfiguresARouterThatARunningServerThenReports() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String router = createRouter(outcrop);
            String id = router.substring(router.lastIndexOf('/') + 1);

            assertThat(run("routers", "configure", id, "--mode", "cascade", "--escalate-on", "truncation,error",
                    "--data-dir", dataDir.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
            JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(printed.path("promptRouterArn").asText()).isEqualTo(router);
            assertThat(printed.path("mode").asText()).isEqualTo("cascade");
            assertThat(printed.path("escalateOn").toString()).isEqualTo("[\"truncation\",\"error\"]");
            assertThat(routing(outcrop, router).path("escalateOn").toString()).isEqualTo("[\"truncation\",\"error\"]");

            out.reset();
            assertThat(run("routers", "configure", id, "--mode", "cascade", "--escalate-on", "low-confidence",
                    "--min-confidence", "0.75", "--data-dir", dataDir.toString())).isZero();
            assertThat(routing(outcrop, router).path("minConfidence").asDouble()).isEqualTo(0.75);

            out.reset();
            assertThat(run("routers", "configure", router, "--mode", "predict", "--data-dir", dataDir.toString()))
                    .isZero();
            out.reset();
            assertThat(run("routers", "show", router, "--data-dir", dataDir.toString())).isZero();
            assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("mode").asText())
                    .isEqualTo("predict");
        }
    }

    @Test
    void theCommandLineRefusesWhatIsNotExactlyValid() {
        assertThat(run("routers", "configure", "abcdefghijkl", "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(run("routers", "configure", "abcdefghijkl", "--mode", "sometimes", "--data-dir",
                dataDir.toString())).isEqualTo(2);
        assertThat(run("routers", "configure", "abcdefghijkl", "--mode", "cascade", "--escalate-on", "boredom",
                "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'boredom' is not a cascade check");
        assertThat(run("routers", "configure", "abcdefghijkl", "--mode", "cascade", "--escalate-on", "low-confidence",
                "--min-confidence", "1.5", "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--min-confidence: '1.5' is not a number between");
        assertThat(run("routers", "show", "abcdefghijkl", "--data-dir", dataDir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ResourceNotFoundException");
    }

    @Test
    void theConfigurationFileSetsRoutersToCascadeAndTheDecisionHeaderOnEveryCall() throws Exception {
        String router;
        try (TestOutcrop first = TestOutcrop.start(dataDir)) {
            router = createRouter(first);
        }
        OutcropConfig config = ConfigLoader.parse("""
                promptRouters:
                  decisionHeader: always
                  cascade: [%s]
                  escalateOn: [refusal, truncation]
                """.formatted(router), "test").withDataDir(dataDir);

        try (TestOutcrop outcrop = TestOutcrop.start(config); BedrockRuntimeClient runtime = outcrop.runtime()) {
            JsonNode routing = routing(outcrop, router);
            assertThat(routing.path("mode").asText()).isEqualTo("cascade");
            assertThat(routing.path("escalateOn").toString()).isEqualTo("[\"refusal\",\"truncation\"]");

            String header = runtime.converse(r -> r.modelId(router).messages(PromptRouterRuntimeTest.user("Hello")))
                    .sdkHttpResponse().firstMatchingHeader("x-outcrop-router-decision").orElseThrow();
            JsonNode decision = new ObjectMapper().readTree(header);
            assertThat(decision.path("reason").asText()).isEqualTo("CASCADE");
            assertThat(decision.path("escalateOn").toString()).isEqualTo("[\"refusal\",\"truncation\"]");
        }
    }

    @Test
    void aFileNamingARouterThatDoesNotExistOrACheckThatIsNoneIsRefused() {
        String absent = PromptRouterControlPlaneTest.ACCOUNT_PREFIX + "prompt-router/zzzzzzzzzzzz";
        assertThatThrownBy(() -> TestOutcrop.start(ConfigLoader.parse("""
                promptRouters:
                  cascade: [%s]
                """.formatted(absent), "test").withDataDir(dataDir)))
                .hasStackTraceContaining("promptRouters.cascade[0]: no custom prompt router " + absent);
        assertThatThrownBy(() -> ConfigLoader.parse("""
                promptRouters:
                  escalateOn: [boredom]
                """, "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("promptRouters.escalateOn[0]: 'boredom' is not a cascade check");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                promptRouters:
                  cascade: [anthropic.claude:1]
                """, "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("promptRouters.cascade[0]");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                promptRouters:
                  decisionHeader: sometimes
                """, "test")).isInstanceOf(ConfigException.class).hasMessageContaining("decisionHeader");
    }
}
