package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured output through boto3 ({@code src/test/python/structured_output.py}), against the simulator and
 * against an OpenAI-compatible backend. Skipped, and reported as skipped, where python3 with boto3 is absent.
 */
class StructuredOutputBoto3Test {
    private static final Path SCRIPT = Path.of("src", "test", "python", "structured_output.py").toAbsolutePath();
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    @TempDir
    Path dataDir;

    private static String run(TestOutcrop outcrop, String modelId) throws Exception {
        return Boto3Scripts.run(SCRIPT, outcrop, modelId);
    }

    @Test
    void boto3GetsJsonOfTheSchemaFromTheSimulator() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: structured output through boto3 not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String[] lines = run(outcrop, LLAMA).strip().split("\n");

            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo(lines[1]);
        }
    }

    @Test
    void boto3GetsJsonOfTheSchemaFromAnOpenAiCompatibleBackendAskedWithResponseFormat() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: structured output through boto3 not tested");
        try (FakeOpenAiServer backend = new FakeOpenAiServer()) {
            backend.answer(OpenAiBackends.textStream(20, 10, "{\"city\":\"Lisbon\",", "\"population\":545000}"));
            OutcropConfig config = OpenAiBackends.deployment(LLAMA, backend, dataDir);
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
