package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/**
 * Prompt management through boto3's bedrock-agent client ({@code src/test/python/prompt_management.py}): every
 * operation, the idempotency token, version immutability, tags, pagination, Converse and ConverseStream through a
 * version, and the errors, each a check of the script. Skipped, and reported as skipped, where python3 with boto3 is absent.
 */
class PromptManagementBoto3Test {
    private static final Path SCRIPT = Path.of("src", "test", "python", "prompt_management.py").toAbsolutePath();
    private static final Path ON_PROFILE = Path.of("src", "test", "python", "prompt_on_profile.py").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";
    @TempDir
    Path dataDir;

    @Test
    void boto3ManagesPromptsWithEveryOperationAndGetsEveryErrorByName() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: prompts through boto3 not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String[] lines = Boto3Scripts.run(SCRIPT, outcrop).strip().split("\n");

            assertThat(Arrays.stream(lines).filter(l -> !l.startsWith("PASS "))).as(String.join("\n", lines)).isEmpty();
            assertThat(lines).hasSize(10);
        }
    }

    /**
     * boto3 runs a prompt version whose variant names an application profile with a stored configuration
     * ({@code src/test/python/prompt_on_profile.py}): what reaches the OpenAI-compatible backend from Converse,
     * ConverseStream and InvokeModel is the filled template, the prompt's parameters within the profile's limit
     * and the profile's default; a prompt above the limit is refused and sends nothing.
     */
    @Test
    void boto3RunsAPromptOnAConfiguredProfileAndTheBackendGetsExactlyTheMergedParameters() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: prompts through boto3 not tested");
        try (FakeOpenAiServer backend = new FakeOpenAiServer();
             TestOutcrop outcrop = TestOutcrop.start(OpenAiBackends.deployment(LLAMA, backend, dataDir))) {
            String profile;
            try (BedrockClient bedrock = outcrop.bedrock()) {
                profile = bedrock.createInferenceProfile(r -> r.inferenceProfileName("pirates").modelSource(
                        s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + LLAMA))).inferenceProfileArn();
            }
            HttpResponse<String> configured = HttpClient.newHttpClient().send(HttpRequest.newBuilder(outcrop.endpoint()
                            .resolve("/_outcrop/profiles/" + URLEncoder.encode(profile, StandardCharsets.UTF_8)
                                    + "/configuration"))
                    .header("Authorization", outcrop.rootBearer())
                    .PUT(HttpRequest.BodyPublishers.ofString("""
                            {"topK": {"value": 3, "mode": "default"}, "maxTokens": {"value": 100, "mode": "limit"}}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                backend.answer(OpenAiBackends.textStream(12, 3, "Arr, ", "Ann!"));
            }

            String[] lines = Boto3Scripts.run(ON_PROFILE, outcrop, profile).strip().split("\n");

            assertThat(Arrays.stream(lines).filter(l -> !l.startsWith("PASS "))).as(String.join("\n", lines)).isEmpty();
            assertThat(lines).hasSize(5);
            assertThat(backend.requests()).hasSize(3);
            for (String request : backend.requests()) {
                JsonNode sent = JSON.readTree(request);
                assertThat(sent.path("messages")).isEqualTo(JSON.readTree("""
                        [{"role": "system", "content": "You are a pirate."},
                         {"role": "user", "content": "Hello, I am Ann."}]"""));
                assertThat(sent.path("temperature").asDouble()).isEqualTo(0.25);
                assertThat(sent.path("top_p").asDouble()).isEqualTo(0.5);
                assertThat(sent.path("max_tokens").asInt()).isEqualTo(77);
                assertThat(sent.path("stop")).isEqualTo(JSON.readTree("[\"STOP\"]"));
                assertThat(sent.path("top_k").asInt()).isEqualTo(3);
            }
        }
    }
}
