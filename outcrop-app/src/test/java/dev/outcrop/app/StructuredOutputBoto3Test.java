package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured output through boto3 ({@code src/test/python/structured_output.py}), against the simulator and
 * against an OpenAI-compatible backend. Skipped, and reported as skipped, where python3 with boto3 is absent.
 */
class StructuredOutputBoto3Test {
    private static final Path SCRIPT = Path.of("src", "test", "python", "structured_output.py").toAbsolutePath();
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    private static final String[] CONFORMING = {
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"{\\\"city\\\":\\\"Lisbon\\\",\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\\"population\\\":545000}\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"total_tokens\":30,\"completion_tokens\":10}}\n\n",
        "data: [DONE]\n\n"
    };

    @TempDir
    Path dataDir;

    private static boolean boto3Installed() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(TestOutcrop outcrop, String modelId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", SCRIPT.toString(), outcrop.endpoint().toString(), modelId)
                .redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", TestOutcrop.ROOT_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", TestOutcrop.ROOT_SECRET);
        builder.environment().remove("AWS_PROFILE");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void boto3GetsJsonOfTheSchemaFromTheSimulator() throws Exception {
        assumeTrue(boto3Installed(), "python3 with boto3 is not installed: structured output through boto3 not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String[] lines = run(outcrop, LLAMA).strip().split("\n");

            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo(lines[1]);
        }
    }

    @Test
    void boto3GetsJsonOfTheSchemaFromAnOpenAiCompatibleBackendAskedWithResponseFormat() throws Exception {
        assumeTrue(boto3Installed(), "python3 with boto3 is not installed: structured output through boto3 not tested");
        try (FakeOpenAiServer backend = new FakeOpenAiServer()) {
            backend.answer(FakeOpenAiServer.Answer.sse(CONFORMING));
            OutcropConfig config = ConfigLoader.parse("""
                    deployments:
                      - model: %s
                        regions: [us-east-1]
                        provider: openai
                        url: %s
                        remoteModel: llama
                    """.formatted(LLAMA, backend.url()), "test").withDataDir(dataDir);
            try (TestOutcrop outcrop = TestOutcrop.start(config)) {
                String[] lines = run(outcrop, LLAMA).strip().split("\n");

                assertThat(lines).containsExactly("{\"city\": \"Lisbon\", \"population\": 545000}",
                        "{\"city\": \"Lisbon\", \"population\": 545000}");
                for (String request : backend.requests()) {
                    JsonNode format = new ObjectMapper().readTree(request).path("response_format");
                    assertThat(format.path("type").asText()).isEqualTo("json_schema");
                    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("city");
                    assertThat(format.path("json_schema").path("schema").path("required")).hasSize(2);
                }
                assertThat(backend.requests()).hasSize(2);
            }
        }
    }
}
