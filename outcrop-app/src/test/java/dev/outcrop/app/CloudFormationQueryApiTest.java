package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudFormation's query API through boto3 ({@code src/test/python/cloudformation_api.py}) and the AWS CLI's
 * {@code cloudformation deploy}, against a real server. Skipped, visibly, where the client is not installed.
 */
class CloudFormationQueryApiTest {
    private static final Path SCRIPT = Path.of("src", "test", "python", "cloudformation_api.py").toAbsolutePath();
    private static final Path TEMPLATE = Path.of("src", "test", "resources", "stacks", "team-profile.yaml")
            .toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;

    private JsonNode boto3(String mode) throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: CloudFormation API not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String output = Boto3Scripts.run(SCRIPT, outcrop, mode, TEMPLATE.toString());
            return JSON.readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
        }
    }

    @Test
    void aCreateChangeSetExecutedThroughBoto3CreatesTheStackWithItsResourcesAndOutputs() throws Exception {
        JsonNode stack = boto3("change-set");

        assertThat(stack.path("status").asText()).isEqualTo("CREATE_COMPLETE");
        assertThat(stack.path("parameters").get(0).path("ParameterValue").asText()).isEqualTo("ads");
        assertThat(stack.path("outputs").get(0).asText()).isEqualTo("ProfileArn");
        assertThat(stack.path("resources").get(0).toString())
                .isEqualTo("[\"Profile\",\"AWS::Bedrock::ApplicationInferenceProfile\",\"CREATE_COMPLETE\"]");
        assertThat(stack.path("lastEvent").asText()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void describingAStackThatDoesNotExistIsAValidationErrorBoto3Reads() throws Exception {
        JsonNode error = boto3("missing");

        assertThat(error.path("code").asText()).isEqualTo("ValidationError");
        assertThat(error.path("message").asText()).isEqualTo("Stack with id nowhere does not exist");
        assertThat(error.path("status").asInt()).isEqualTo(400);
    }

    @Test
    void aDeletedStackIsListedAsDeleteComplete() throws Exception {
        assertThat(boto3("delete").toString()).isEqualTo("[\"gone\"]");
    }

    @Test
    void theAwsCliDeploysATemplateAndThenFindsNoChangesToDeploy() throws Exception {
        assumeTrue(ClientProcess.succeeds("aws", "--version"), "the AWS CLI is not installed: deploy not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            Cli first = deploy(outcrop);
            Cli again = deploy(outcrop);

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("Successfully created/updated stack - cli");
            assertThat(again.output()).contains("No changes to deploy. Stack cli is up to date");
        }
    }

    @Test
    void aBedrockCallSignedForCloudFormationIsRefused() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            var response = SignedHttp.send(java.net.http.HttpClient.newHttpClient(),
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(TestOutcrop.ROOT_KEY,
                            TestOutcrop.ROOT_SECRET), "cloudformation", "GET",
                    outcrop.endpoint().resolve("/inference-profiles"), "");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("Credential should be scoped to correct service: 'bedrock'.");
        }
    }

    private record Cli(int exitCode, String output) {}

    private static Cli deploy(TestOutcrop outcrop) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("aws", "--endpoint-url", outcrop.endpoint().toString(),
                "--region", "us-east-1", "cloudformation", "deploy", "--template-file", TEMPLATE.toString(),
                "--stack-name", "cli")).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", TestOutcrop.ROOT_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", TestOutcrop.ROOT_SECRET);
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        builder.environment().remove("AWS_PROFILE");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Cli(process.exitValue(), output);
    }
}
