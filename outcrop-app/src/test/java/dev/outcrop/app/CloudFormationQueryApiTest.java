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

    @Test
    void refusedCredentialsAreAnsweredAsTheQueryProtocolsErrorsTheAwsCliReads() throws Exception {
        assumeTrue(ClientProcess.succeeds("aws", "--version"), "the AWS CLI is not installed");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            AwsCli.Result badSecret = AwsCli.attempt(outcrop, java.util.Map.of("AWS_SECRET_ACCESS_KEY", "not-the-secret"),
                    "cloudformation", "list-stacks");
            assertThat(badSecret.exitCode()).isNotZero();
            assertThat(badSecret.output()).contains("An error occurred (SignatureDoesNotMatch) when calling the "
                    + "ListStacks operation: The request signature we calculated does not match");
            AwsCli.Result unknownKey = AwsCli.attempt(outcrop, java.util.Map.of("AWS_ACCESS_KEY_ID",
                    "AKIAUNKNOWNUNKNOWN00"), "cloudformation", "describe-stacks");
            assertThat(unknownKey.output()).contains("An error occurred (InvalidClientTokenId) when calling the "
                    + "DescribeStacks operation: The security token included in the request is invalid.");
        }
    }

    @Test
    void aRefusedSignatureIsAnXmlErrorResponseWith403() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String form = "Action=ListStacks&Version=2010-05-15";
            var unsigned = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                    .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(outcrop.endpoint().resolve("/"))
                    .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(form.getBytes(StandardCharsets.UTF_8)))
                    .build();
            var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                    .identity(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(TestOutcrop.ROOT_KEY,
                            "wrong-secret-wrong-secret"))
                    .request(unsigned).payload(() -> new java.io.ByteArrayInputStream(form.getBytes(StandardCharsets.UTF_8)))
                    .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME,
                            "cloudformation")
                    .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                    .request();
            var request = java.net.http.HttpRequest.newBuilder(outcrop.endpoint().resolve("/"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form));
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
            assertThat(response.body()).startsWith("<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/"
                    + "2010-05-15/\"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void aTemplateBodyOver51200BytesOfUtf8IsAValidationErrorThoughItHasFewerCharacters() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            // 30,000 characters, 60,000 bytes: CloudFormation counts the bytes.
            String body = "Resources: {R: {Type: AWS::IAM::User}}\n#" + "\u00e9".repeat(30_000);
            String form = "Action=CreateStack&Version=2010-05-15&StackName=big&TemplateBody="
                    + java.net.URLEncoder.encode(body, StandardCharsets.UTF_8);
            var response = query(outcrop, TestOutcrop.ROOT_SECRET, form);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("<Code>ValidationError</Code>").contains("1 validation error "
                    + "detected: Value at &apos;templateBody&apos; failed to satisfy constraint: Member must have length less "
                    + "than or equal to 51200");
        }
    }

    /** A query-protocol call, its form signed with the SDK's signer as the SDKs sign it. */
    private static java.net.http.HttpResponse<String> query(TestOutcrop outcrop, String secret, String form)
            throws Exception {
        byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
        var unsigned = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(outcrop.endpoint().resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .contentStreamProvider(() -> new java.io.ByteArrayInputStream(bytes)).build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(TestOutcrop.ROOT_KEY,
                        secret))
                .request(unsigned).payload(() -> new java.io.ByteArrayInputStream(bytes))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME,
                        "cloudformation")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                .request();
        var request = java.net.http.HttpRequest.newBuilder(outcrop.endpoint().resolve("/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
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
