package dev.outcrop.app;

import static dev.outcrop.app.ClientChecks.expect;
import static dev.outcrop.app.ConformanceFixture.MODEL;
import static dev.outcrop.app.ConformanceFixture.MODEL_ARN;
import static dev.outcrop.app.ConformanceFixture.REGION;
import static dev.outcrop.app.ConformanceFixture.SYSTEM_PROFILE;
import static dev.outcrop.app.ConformanceFixture.SYSTEM_PROFILE_ARN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance scenario through the AWS CLI as installed, one {@code aws} process a call, with only the
 * endpoint overridden. The CLI has no command for the event-stream operations: those checks are reported as
 * skipped, by name.
 */
final class AwsCliScenario {
    private static final String CLIENT = "aws-cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "[{\"role\":\"user\",\"content\":[{\"text\":\"What is the weather in Lisbon?\"}]}]";
    private static final String NATIVE_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    private static final String NO_STREAMS = "the AWS CLI has no command for event-stream operations";

    private final ConformanceFixture fixture;
    private final ClientChecks checks;
    private final Path directory;
    private final String name = "conformance-" + CLIENT;
    private final boolean version2;
    private String profileArn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/notcreated";
    private String promptId = "NOTCREATED";
    private String promptVersionArn = "arn:aws:bedrock:us-east-1:123456789012:prompt/NOTCREATED:1";

    private AwsCliScenario(ConformanceFixture fixture, ConformanceReport report, Path directory) {
        this.fixture = fixture;
        this.checks = new ClientChecks(CLIENT, report);
        this.directory = directory;
        this.version2 = isVersion2(directory);
    }

    /** Whether the CLI is version 2 ({@code aws-cli/2.x}), whose blob arguments are base64 unless told otherwise. */
    private static boolean isVersion2(Path directory) {
        try {
            return ClientProcess.run(List.of("aws", "--version"), directory, Map.of(), 60).out().startsWith("aws-cli/2.");
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs every check with the {@code aws} on the PATH, or reports one visible skip where there is none. */
    static void run(ConformanceFixture fixture, ConformanceReport report, Path directory) {
        if (!ClientProcess.available("aws")) {
            report.skip(CLIENT, "every check: the AWS CLI (aws) is not on the PATH");
            return;
        }
        new AwsCliScenario(fixture, report, directory).run();
    }




    /** {@code aws --endpoint-url ... --output json ARGS} with the root's keys in {@code us-east-1}, changed by {@code env}. */
    private ClientProcess.Result aws(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", fixture.root().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", fixture.root().secretAccessKey(), "AWS_DEFAULT_REGION", REGION));
        all.putAll(env);
        all.values().removeIf(String::isEmpty);
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", fixture.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        return ClientProcess.run(command, directory, all, 120);
    }

    private JsonNode json(String... args) throws Exception {
        ClientProcess.Result result = aws(Map.of(), args);
        expect(result.exitCode() == 0, "exit " + result.exitCode() + ": " + result.err());
        return result.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.out());
    }

    private void expectError(String code, ClientProcess.Result result) {
        expect(result.exitCode() != 0 && result.err().contains("(" + code + ")"),
                "expected " + code + ", got exit " + result.exitCode() + ": " + result.err() + result.out());
    }

    private void run() {
        checks.check("list system profiles", () -> expect(json("bedrock", "list-inference-profiles", "--type-equals", "SYSTEM_DEFINED")
                .path("inferenceProfileSummaries").findValuesAsText("inferenceProfileId").contains(SYSTEM_PROFILE), "no " + SYSTEM_PROFILE));
        checks.check("page profiles", () -> {
            JsonNode first = json("bedrock", "list-inference-profiles", "--max-items", "2");
            expect(first.path("inferenceProfileSummaries").size() == 2 && first.hasNonNull("NextToken"), first);
            JsonNode second = json("bedrock", "list-inference-profiles", "--max-items", "2", "--starting-token",
                    first.path("NextToken").asText());
            expect(!second.path("inferenceProfileSummaries").path(0).equals(first.path("inferenceProfileSummaries").path(0)),
                    "the second page repeats the first");
        });
        checks.check("create application profile", () -> {
            profileArn = create();
            expect(profileArn.contains(":application-inference-profile/"), profileArn);
        });
        checks.check("create again with the same token", () -> expect(create().equals(profileArn), "another ARN"));
        checks.check("name conflict", () -> expectError("ConflictException", aws(Map.of(), "bedrock", "create-inference-profile",
                "--inference-profile-name", name, "--model-source", "copyFrom=" + MODEL_ARN)));
        checks.check("get application profile", () -> {
            JsonNode profile = json("bedrock", "get-inference-profile", "--inference-profile-identifier", profileArn);
            expect(profile.path("type").asText().equals("APPLICATION") && profile.path("status").asText().equals("ACTIVE"), profile);
        });
        checks.check("tag and list tags", () -> {
            json("bedrock", "tag-resource", "--resource-arn", profileArn, "--tags", "[{\"key\":\"team\",\"value\":\"a b+c/=@\"}]");
            JsonNode tags = json("bedrock", "list-tags-for-resource", "--resource-arn", profileArn).path("tags");
            expect(tags.size() == 1 && tags.path(0).path("value").asText().equals("a b+c/=@"), tags);
        });
        checks.check("untag", () -> {
            json("bedrock", "untag-resource", "--resource-arn", profileArn, "--tag-keys", "team");
            JsonNode tags = json("bedrock", "list-tags-for-resource", "--resource-arn", profileArn).path("tags");
            expect(tags.isEmpty(), tags);
        });
        for (Map.Entry<String, String> target : List.of(Map.entry("foundation-model ARN", MODEL_ARN),
                Map.entry("system profile id", SYSTEM_PROFILE), Map.entry("application profile ARN", profileArn))) {
            runtime(target.getKey(), target.getValue());
        }
        prompts();
        errors();
        checks.check("delete application profile", () -> {
            json("bedrock", "delete-inference-profile", "--inference-profile-identifier", profileArn);
            expectError("ResourceNotFoundException", aws(Map.of(), "bedrock", "get-inference-profile",
                    "--inference-profile-identifier", profileArn));
        });
    }

    private String create() throws Exception {
        return json("bedrock", "create-inference-profile", "--inference-profile-name", name, "--client-request-token",
                "token-" + name, "--model-source", "copyFrom=" + SYSTEM_PROFILE_ARN).path("inferenceProfileArn").asText();
    }

    private void runtime(String via, String modelId) {
        checks.check("converse via " + via, () -> {
            JsonNode out = json("bedrock-runtime", "converse", "--model-id", modelId, "--messages", MESSAGES);
            expect(!out.path("output").path("message").path("content").path(0).path("text").asText().isEmpty(), out);
        });
        checks.skip("converse stream via " + via, NO_STREAMS);
        checks.check("invoke model via " + via, () -> {
            Path answerFile = directory.resolve("answer.json");
            List<String> args = new ArrayList<>(List.of("bedrock-runtime", "invoke-model", "--model-id", modelId,
                    "--body", NATIVE_BODY, "--content-type", "application/json", answerFile.toString()));
            if (version2) {
                args.addAll(List.of("--cli-binary-format", "raw-in-base64-out")); // version 1 takes a blob as it is
            }
            JsonNode out = json(args.toArray(String[]::new));
            JsonNode answer = JSON.readTree(Files.readString(answerFile));
            expect(out.path("contentType").asText().equals("application/json") && answer.path("type").asText().equals("message"),
                    answer);
        });
        checks.skip("invoke model with response stream via " + via, NO_STREAMS);
        checks.check("count tokens via " + via, () -> expect(json("bedrock-runtime", "count-tokens", "--model-id", modelId, "--input",
                "{\"converse\":{\"messages\":" + MESSAGES + "}}").path("inputTokens").asInt() > 0, "no inputTokens"));
    }

    /** Prompt management: a prompt whose variant runs on the application profile, versioned, run with variables. */
    private void prompts() {
        String variables = "{\"city\":{\"text\":\"Lisbon\"}}";
        checks.check("create prompt", () -> {
            String variants = ("[{\"name\":\"main\",\"templateType\":\"CHAT\",\"modelId\":\"%s\","
                    + "\"templateConfiguration\":{\"chat\":{\"system\":[{\"text\":\"You answer about {{city}}.\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"What is the weather in {{city}}?\"}]}],"
                    + "\"inputVariables\":[{\"name\":\"city\"}]}},"
                    + "\"inferenceConfiguration\":{\"text\":{\"temperature\":0.2,\"maxTokens\":100}}}]").formatted(profileArn);
            String[] create = {"bedrock-agent", "create-prompt", "--name", name, "--default-variant", "main",
                    "--client-token", "prompt-token-" + name + "-0123456789abcdef", "--tags", "team=conformance",
                    "--variants", variants};
            JsonNode prompt = json(create);
            promptId = prompt.path("id").asText();
            expect(prompt.path("version").asText().equals("DRAFT") && prompt.path("arn").asText().endsWith(":prompt/" + promptId),
                    prompt);
            expect(json(create).path("id").asText().equals(promptId), "the same token made another prompt");
        });
        checks.check("create prompt version", () -> {
            JsonNode version = json("bedrock-agent", "create-prompt-version", "--prompt-identifier", promptId,
                    "--description", "v1");
            promptVersionArn = version.path("arn").asText();
            expect(version.path("version").asText().equals("1") && promptVersionArn.endsWith(promptId + ":1"), version);
        });
        checks.check("get prompt draft and version", () -> {
            JsonNode draft = json("bedrock-agent", "get-prompt", "--prompt-identifier", promptId);
            JsonNode v1 = json("bedrock-agent", "get-prompt", "--prompt-identifier", promptId, "--prompt-version", "1");
            expect(draft.path("version").asText().equals("DRAFT") && v1.path("version").asText().equals("1")
                    && v1.path("variants").path(0).path("modelId").asText().equals(profileArn), v1);
        });
        checks.check("list prompts and versions", () -> {
            JsonNode every = json("bedrock-agent", "list-prompts").path("promptSummaries");
            JsonNode versions = json("bedrock-agent", "list-prompts", "--prompt-identifier", promptId).path("promptSummaries");
            expect(every.findValuesAsText("id").contains(promptId), every);
            expect(versions.findValuesAsText("version").equals(List.of("DRAFT", "1")), versions);
        });
        checks.check("converse through a prompt version", () -> {
            JsonNode out = json("bedrock-runtime", "converse", "--model-id", promptVersionArn, "--prompt-variables", variables);
            expect(!out.path("output").path("message").path("content").path(0).path("text").asText().isEmpty(), out);
        });
        checks.skip("converse stream through a prompt version", NO_STREAMS);
        checks.check("invoke model through a prompt version", () -> {
            Path answerFile = directory.resolve("prompt-answer.json");
            List<String> args = new ArrayList<>(List.of("bedrock-runtime", "invoke-model", "--model-id", promptVersionArn,
                    "--body", "{\"promptVariables\":" + variables + "}", "--content-type", "application/json",
                    answerFile.toString()));
            if (version2) {
                args.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
            }
            json(args.toArray(String[]::new));
            JsonNode answer = JSON.readTree(Files.readString(answerFile));
            expect(!answer.path("output").path("message").path("content").path(0).path("text").asText().isEmpty(), answer);
        });
        checks.check("prompt ValidationException", () -> {
            ClientProcess.Result result = aws(Map.of(), "bedrock-runtime", "converse", "--model-id", promptVersionArn,
                    "--prompt-variables", variables, "--system", "[{\"text\":\"Be brief.\"}]");
            expectError("ValidationException", result);
            expect(result.err().contains("'system'"), result.err());
        });
        checks.check("delete prompt version and prompt", () -> {
            JsonNode deleted = json("bedrock-agent", "delete-prompt", "--prompt-identifier", promptId, "--prompt-version", "1");
            expect(deleted.path("version").asText().equals("1"), deleted);
            json("bedrock-agent", "delete-prompt", "--prompt-identifier", promptId);
            expectError("ResourceNotFoundException", aws(Map.of(), "bedrock-agent", "get-prompt", "--prompt-identifier", promptId));
        });
    }

    private void errors() {
        String[] converse = {"bedrock-runtime", "converse", "--model-id", MODEL, "--messages", MESSAGES};
        checks.check("ValidationException", () -> {
            ClientProcess.Result result = aws(Map.of(), "bedrock-runtime", "converse", "--model-id", MODEL, "--messages",
                    MESSAGES, "--inference-config", "temperature=5");
            expectError("ValidationException", result);
            expect(result.err().contains("inferenceConfig.temperature"), result.err());
        });
        checks.check("ResourceNotFoundException", () -> expectError("ResourceNotFoundException", aws(Map.of(), "bedrock",
                "get-inference-profile", "--inference-profile-identifier", profileArn.replaceAll("/[^/]+$", "/nosuchprofile1"))));
        checks.check("AccessDeniedException", () -> expectError("AccessDeniedException", aws(Map.of(
                "AWS_ACCESS_KEY_ID", fixture.denied().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", fixture.denied().secretAccessKey()), converse)));
        checks.check("ThrottlingException", () -> expectError("ThrottlingException", aws(Map.of(
                "AWS_DEFAULT_REGION", fixture.throttledRegion()), converse)));
        checks.skip("exception event mid-stream", NO_STREAMS);
        checks.check("wrong secret", () -> expectError("InvalidSignatureException", aws(Map.of(
                "AWS_SECRET_ACCESS_KEY", fixture.root().secretAccessKey() + "x"), converse)));
        checks.check("API key", () -> {
            ClientProcess.Result result = aws(Map.of("AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", "",
                    "AWS_BEARER_TOKEN_BEDROCK", fixture.apiKey()), converse);
            expect(result.exitCode() == 0 && result.out().contains("\"text\""), "exit " + result.exitCode() + ": " + result.err());
        });
    }
}
