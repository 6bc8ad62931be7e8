package dev.outcrop.app;

import static dev.outcrop.util.Bytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;

/**
 * {@code AWS::Bedrock::Prompt}, {@code AWS::Bedrock::PromptVersion} and {@code AWS::IAM::AccessKey} deployed with
 * {@code outcrop stacks}, and what a server then shows Bedrock's clients: the prompt and its version through
 * Prompt management's API (signed requests: the SDK's bedrockagent client is not on the Maven mirror), the key
 * through the SDK signing with it.
 */
class StackPromptAndKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private Path template;
    private StacksCli cli;

    @BeforeEach
    void writeTemplate() throws IOException {
        template = StacksCli.prepare(dataDir, "/stacks/prompt-and-key.yaml", "prompt-and-key.yaml");
        cli = new StacksCli(dataDir);
    }

    private int stacks(String... args) {
        return cli.run(args);
    }

    private String output() {
        return cli.output();
    }

    private Map<String, String> outputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        output().lines().filter(l -> l.startsWith("  ") && l.contains(" = "))
                .forEach(l -> outputs.put(l.strip().split(" = ")[0], l.strip().split(" = ")[1]));
        return outputs;
    }

    /** No file of the data directory (the database, its write-ahead log) holds {@code secret}'s bytes. */
    private void assertNoFileHolds(String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (var walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.getFileName().toString().endsWith(".db"));
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(indexOf(bytes, needle)).as("the secret in " + file.getFileName()).isEqualTo(-1);
        }
    }

    private static JsonNode get(TestOutcrop outcrop, String path) throws Exception {
        HttpResponse<String> response = SignedHttp.send(TestOutcrop.CREDENTIALS.resolveCredentials(), "GET",
                outcrop.endpoint().resolve(path), "");
        return JSON.createObjectNode().put("status", response.statusCode()).set("body", JSON.readTree(response.body()));
    }

    @Test
    void aPromptAndItsVersionAreCreatedUpdatedInPlaceReplacedAndDeleted() throws Exception {
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Docs")).as(output()).isZero();
        Map<String, String> first = outputs();
        String promptArn = first.get("PromptArn");
        String id = promptArn.substring(promptArn.indexOf("prompt/") + 7);
        assertThat(first.get("VersionArn")).isEqualTo(promptArn + ":1");
        assertThat(first.get("VersionName")).isEqualTo("Docs-facts");

        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            JsonNode draft = get(outcrop, "/prompts/" + id).path("body");
            assertThat(draft.path("name").asText()).isEqualTo("Docs-facts");
            assertThat(draft.path("defaultVariant").asText()).isEqualTo("main");
            JsonNode variant = draft.path("variants").get(0);
            assertThat(variant.path("templateConfiguration").path("text").path("text").asText())
                    .isEqualTo("Tell me about rocks and {{detail}}");
            assertThat(variant.path("templateConfiguration").path("text").path("inputVariables").get(0)
                    .path("name").asText()).isEqualTo("detail");
            assertThat(variant.path("inferenceConfiguration").path("text").path("maxTokens").asInt()).isEqualTo(64);
            assertThat(get(outcrop, "/prompts/" + id + "?promptVersion=1").path("body").path("description").asText())
                    .isEqualTo("about rocks");
            assertThat(get(outcrop, "/tags/" + java.net.URLEncoder.encode(promptArn, StandardCharsets.UTF_8))
                    .path("body").path("tags").path("team").asText()).isEqualTo("docs");
        }

        // Topic changes the draft's text (in place: the same prompt) and the version's description (create-only:
        // a new version replaces the old one).
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Docs", "--parameter", "Topic=trees"))
                .as(output()).isZero();
        Map<String, String> second = outputs();
        assertThat(second.get("PromptArn")).isEqualTo(promptArn);
        assertThat(second.get("VersionArn")).isEqualTo(promptArn + ":2");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            assertThat(get(outcrop, "/prompts/" + id).path("body").path("variants").get(0)
                    .path("templateConfiguration").path("text").path("text").asText())
                    .isEqualTo("Tell me about trees and {{detail}}");
            assertThat(get(outcrop, "/prompts/" + id + "?promptVersion=1").path("status").asInt()).isEqualTo(404);
            assertThat(get(outcrop, "/prompts/" + id + "?promptVersion=2").path("body").path("description").asText())
                    .isEqualTo("about trees");
        }

        assertThat(stacks("delete", "Docs")).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            assertThat(get(outcrop, "/prompts/" + id).path("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void aPromptPropertyTheApiRefusesFailsTheDeployNamingTheResource() throws Exception {
        Files.writeString(template, Files.readString(template).replace("Temperature: 0.3", "Temperature: 3.5"));
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Docs")).isEqualTo(1);
        assertThat(output()).contains("ROLLBACK_COMPLETE");
        assertThat(stacks("events", "Docs")).isZero();
        assertThat(output()).contains("Facts\tAWS::Bedrock::Prompt\tCREATE_FAILED\tValidationException: "
                + "Resources.Facts.Properties, read as CreatePrompt's input: ")
                .contains("'variants.1.member.inferenceConfiguration.text.temperature' failed to satisfy constraint");

        Files.writeString(template, Files.readString(template).replace("Text: !Sub \"Tell me about ${Topic} and "
                + "{{detail}}\"", "TextS3Location: {Bucket: b, Key: k}"));
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Docs2")).isEqualTo(1);
        assertThat(stacks("events", "Docs2")).isZero();
        assertThat(output()).contains("Resources.Facts.Properties.Variants.1.TemplateConfiguration.Text."
                + "TextS3Location names a template in S3, which Outcrop does not read");
    }

    @Test
    void anAccessKeySignsForItsUserAndItsSecretIsShownNowhereButWhereTheTemplatePutIt() throws Exception {
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Keys")).as(output()).isZero();
        String keyId = outputs().get("KeyId");
        assertThat(keyId).matches("AKIA[A-Z0-9]{16}");
        assertThat(stacks("env", "Keys", "Function", "--endpoint", "http://127.0.0.1:1")).isZero();
        String secret = output().lines().filter(l -> l.startsWith("READER_SECRET=")).findFirst().orElseThrow()
                .substring("READER_SECRET=".length());
        assertThat(output()).contains("READER_KEY_ID=" + keyId);

        StringBuilder shown = new StringBuilder();
        for (String[] command : List.of(new String[] {"describe", "Keys"}, new String[] {"events", "Keys"},
                new String[] {"list"})) {
            assertThat(stacks(command)).isZero();
            shown.append(output());
        }
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir);
             BedrockClient reader = BedrockClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                     .overrideConfiguration(TestOutcrop.noRetries()).build()) {
            assertThat(reader.listInferenceProfiles(r -> { }).inferenceProfileSummaries()).isNotNull();
            assertThatThrownBy(() -> reader.listFoundationModels(r -> { })).isInstanceOf(AccessDeniedException.class);
            shown.append(outcrop.adminGet("/_outcrop/stacks/Keys"));
            shown.append(outcrop.adminGet("/_outcrop/stacks/Keys/events"));
            if (ClientProcess.succeeds("aws", "--version")) {
                for (String call : List.of("describe-stack-resources", "describe-stack-events", "describe-stacks")) {
                    String answer = AwsCli.run(outcrop, "cloudformation", call, "--stack-name", "Keys");
                    assertThat(answer).contains(keyId);
                    shown.append(answer);
                }
            }
        }
        assertThat(shown.toString()).contains(keyId).doesNotContain(secret);
        assertNoFileHolds(secret); // the function's stored properties hold a placeholder, not the secret

        // Deactivating the key is an update in place; the function's variables are evaluated again and still carry
        // the secret, which the stack's stored state does not hold but the identity service gives again.
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Keys", "--parameter", "KeyStatus=Inactive"))
                .as(output()).isZero();
        assertThat(outputs().get("KeyId")).isEqualTo(keyId);
        assertThat(stacks("env", "Keys", "Function", "--endpoint", "http://127.0.0.1:1")).isZero();
        assertThat(output()).contains("READER_SECRET=" + secret + "\n");
        assertNoFileHolds(secret);
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir);
             BedrockClient reader = BedrockClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                     .overrideConfiguration(TestOutcrop.noRetries()).build()) {
            assertThatThrownBy(() -> reader.listInferenceProfiles(r -> { })).isInstanceOfSatisfying(
                    software.amazon.awssdk.awscore.exception.AwsServiceException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(403));
        }

        assertThat(stacks("delete", "Keys")).isZero();
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            assertThat(outcrop.outcrop().identity().principals()).noneMatch(p -> p.name().startsWith("Keys-Reader"));
        }
    }

    @Test
    void anAccessKeyOfARoleOrOfNoOneIsRefusedNamingTheProperty() throws Exception {
        Files.writeString(template, Files.readString(template).replace("UserName: !Ref Reader",
                "UserName: !Ref FunctionRole"));
        assertThat(stacks("deploy", template.toString(), "--stack-name", "Keys")).isEqualTo(1);
        assertThat(stacks("events", "Keys")).isZero();
        assertThat(output()).contains("Resources.ReaderKey.Properties.UserName names a role");
    }
}
