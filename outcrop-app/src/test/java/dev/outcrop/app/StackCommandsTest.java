package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;

/**
 * {@code outcrop stacks ...} on a data directory, and what a real server then shows the AWS SDK: the template
 * of the seeds' Lambda-to-inference-profile pattern, as {@code cdk synth} writes it, deployed and deleted.
 */
class StackCommandsTest {
    private static final String STACK = "LambdaStack";
    private static final String FUNCTION = "LambdaToBedrockPatternLambdaFunction9A8B7C6D";

    @TempDir
    Path dataDir;
    private Path template;
    private StacksCli cli;

    @BeforeEach
    void writeTemplate() throws IOException {
        template = StacksCli.prepare(dataDir, "/stacks/lambda-to-profile.template.json", "LambdaStack.template.json");
        cli = new StacksCli(dataDir);
    }

    private int stacks(String... args) {
        return cli.run(args);
    }

    private String output() {
        return cli.output();
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        output().lines().forEach(line -> env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return env;
    }

    @Test
    void aDeployedStackGivesTheProfileAndAFunctionWhoseCredentialsMayUseOnlyIt() {
        assertThat(stacks("deploy", template.toString(), "--stack-name", STACK, "--parameter", "Team=support")).isZero();
        assertThat(output()).startsWith("LambdaStack CREATE_COMPLETE").contains("ProfileArn = arn:aws:bedrock:us-east-1:");
        assertThat(stacks("env", STACK, FUNCTION, "--endpoint", "http://127.0.0.1:1")).isZero();
        Map<String, String> env = environment();
        String profileArn = env.get("BEDROCK_PROFILE");
        assertThat(env.get("BEDROCK_MODEL")).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");

        try (TestOutcrop outcrop = TestOutcrop.start(dataDir);
             BedrockClient root = outcrop.bedrock();
             BedrockClient function = BedrockClient.builder().endpointOverride(outcrop.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                             AwsSessionCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"),
                                     env.get("AWS_SESSION_TOKEN")))).build()) {
            var profile = root.getInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn));
            assertThat(profile.inferenceProfileName()).isEqualTo("LambdaStack-haiku");
            assertThat(profile.type()).isEqualTo(InferenceProfileType.APPLICATION);
            assertThat(root.listTagsForResource(r -> r.resourceARN(profileArn)).tags())
                    .anyMatch(t -> t.key().equals("team") && t.value().equals("support"));

            assertThat(function.getInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn)).inferenceProfileArn())
                    .isEqualTo(profileArn);
            String other = root.createInferenceProfile(r -> r.inferenceProfileName("other").modelSource(s -> s.copyFrom(
                    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")))
                    .inferenceProfileArn();
            assertThatThrownBy(() -> function.getInferenceProfile(r -> r.inferenceProfileIdentifier(other)))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void invokeRunsTheInlineHandlerWithTheFunctionsEnvironment() throws IOException {
        Files.writeString(template, Files.readString(template).replace(
                "exports.handler = async () => process.env.BEDROCK_PROFILE;",
                "exports.handler = async (event) => ({profile: process.env.BEDROCK_PROFILE, asked: event.question, "
                        + "key: process.env.AWS_ACCESS_KEY_ID.slice(0, 4)});"));
        stacks("deploy", template.toString(), "--stack-name", STACK);
        String profileArn = output().lines().filter(l -> l.contains("ProfileArn = ")).findFirst().orElseThrow()
                .split(" = ")[1].split(" ")[0];
        assertThat(stacks("invoke", STACK, FUNCTION, "--payload", "{\"question\": \"hi\"}")).isZero();
        assertThat(output().strip()).isEqualTo("{\"profile\":\"" + profileArn + "\",\"asked\":\"hi\",\"key\":\"ASIA\"}");
    }

    @Test
    void aTemplateTheRealCdkSynthesizedFromLambdaToBedrockInferenceProfileDeploysAndItsFunctionRuns() throws IOException {
        Path synthesized = dataDir.resolve("Test.template.json");
        try (InputStream in = getClass().getResourceAsStream("/stacks/cdk-synthesized-lambda-to-profile.template.json")) {
            Files.write(synthesized, in.readAllBytes());
        }
        assertThat(stacks("deploy", synthesized.toString(), "--stack-name", "Test")).isZero();
        assertThat(output()).startsWith("Test CREATE_COMPLETE");
        assertThat(stacks("invoke", "Test", "LambdaToBedrockPatternLambdaFunctionAF2F9DE2")).isZero();
        assertThat(output()).contains("\"profile\":\"arn:aws:bedrock:us-east-1:");
    }

    @Test
    void theCdkSynthesizedFunctionMayConverseThroughItsProfileAndIsDeniedAnother() throws IOException {
        Path sdk = Path.of("..", "conformance", "node_modules", "@aws-sdk", "client-bedrock-runtime").toAbsolutePath()
                .normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sdk), "npm ci --prefix conformance");
        Path synthesized = dataDir.resolve("Test.template.json");
        try (InputStream in = getClass().getResourceAsStream("/stacks/cdk-synthesized-lambda-to-profile.template.json")) {
            Files.writeString(synthesized, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(
                    "exports.handler = async () => ({profile: process.env.BEDROCK_PROFILE});",
                    ("const b = require('SDK'); exports.handler = async (event) => { "
                            + "const c = new b.BedrockRuntimeClient({region: 'us-east-1', endpoint: event.endpoint}); "
                            + "try { await c.send(new b.ConverseCommand({modelId: event.profile || process.env.BEDROCK_PROFILE, "
                            + "messages: [{role: 'user', content: [{text: 'hi'}]}]})); return 'allowed'; } "
                            + "catch (e) { return e.name; } };").replace("SDK", sdk.toString().replace("\\", "/"))));
        }
        assertThat(stacks("deploy", synthesized.toString(), "--stack-name", "Test")).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            String endpoint = outcrop.endpoint().toString();
            assertThat(stacks("invoke", "Test", "LambdaToBedrockPatternLambdaFunctionAF2F9DE2", "--endpoint", endpoint,
                    "--payload", "{\"endpoint\": \"" + endpoint + "\"}")).isZero();
            assertThat(output().strip()).isEqualTo("\"allowed\"");

            String other = root.createInferenceProfile(r -> r.inferenceProfileName("other").modelSource(s -> s.copyFrom(
                    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"))).inferenceProfileArn();
            assertThat(stacks("invoke", "Test", "LambdaToBedrockPatternLambdaFunctionAF2F9DE2", "--endpoint", endpoint,
                    "--payload", "{\"endpoint\": \"" + endpoint + "\", \"profile\": \"" + other + "\"}")).isZero();
            assertThat(output().strip()).isEqualTo("\"AccessDeniedException\"");
        }
    }

    @Test
    void deleteRemovesTheProfileAndTheRole() {
        stacks("deploy", template.toString(), "--stack-name", STACK);
        assertThat(stacks("describe", STACK)).isZero();
        String profileArn = output().lines().filter(l -> l.contains("ApplicationInferenceProfile")).findFirst()
                .orElseThrow().split("\t")[2];
        assertThat(stacks("delete", STACK)).isZero();
        assertThat(output()).contains("DELETE_COMPLETE");
        assertThat(stacks("list")).isZero();
        assertThat(output()).contains("LambdaStack\tDELETE_COMPLETE");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            assertThatThrownBy(() -> root.getInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(outcrop.outcrop().identity().principals()).extracting(p -> p.name()).containsExactly("root");
        }
    }

    @Test
    void aFailedUpdateRollsBackAndKeepsTheProfile() throws IOException {
        stacks("deploy", template.toString(), "--stack-name", STACK);
        Path broken = dataDir.resolve("broken.json");
        Files.writeString(broken, Files.readString(template).replace("\"Roles\": [{\"Ref\"",
                "\"Users\": [\"nobody\"], \"Roles\": [{\"Ref\""));
        assertThat(stacks("deploy", broken.toString(), "--stack-name", STACK)).isEqualTo(1);
        assertThat(output()).startsWith("LambdaStack UPDATE_ROLLBACK_COMPLETE").contains("nobody");
        assertThat(stacks("events", STACK)).isZero();
        assertThat(output()).contains("UPDATE_FAILED").contains("UPDATE_ROLLBACK_COMPLETE");
    }

    @Test
    void anUnsupportedTypeIsNamedAndNothingIsCreated() throws IOException {
        Path withBucket = dataDir.resolve("bucket.json");
        Files.writeString(withBucket, Files.readString(template).replace("\"Resources\": {",
                "\"Resources\": {\"Assets\": {\"Type\": \"AWS::S3::Bucket\"},"));
        assertThatThrownBy(() -> stacks("deploy", withBucket.toString(), "--stack-name", STACK))
                .hasMessageContaining("AWS::S3::Bucket (Assets)");
        assertThat(stacks("list")).isZero();
        assertThat(output()).isEmpty();
    }
}
