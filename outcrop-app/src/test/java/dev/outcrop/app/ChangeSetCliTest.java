package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change sets through the AWS CLI: created, described with their changes as CloudFormation lists them, kept in
 * the database across a restart of the server, executed and deleted.
 */
class ChangeSetCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("src", "test", "resources", "stacks", "team-profile.yaml")
            .toAbsolutePath();
    @TempDir
    Path dataDir;

    @BeforeEach
    void needsTheCli() {
        assumeTrue(ClientProcess.succeeds("aws", "--version"), "the AWS CLI is not installed: change sets not tested");
    }

    private static JsonNode cli(TestOutcrop outcrop, String... args) throws Exception {
        return JSON.readTree(AwsCli.run(outcrop, args));
    }

    private static JsonNode describe(TestOutcrop outcrop, String changeSet) throws Exception {
        return cli(outcrop, "cloudformation", "describe-change-set", "--stack-name", "ads", "--change-set-name",
                changeSet);
    }

    @Test
    void aChangeSetListsItsChangesSurvivesARestartAndIsExecuted() throws Exception {
        String template = "file://" + TEMPLATE;
        Path renamed = dataDir.resolve("renamed.yaml");
        Files.writeString(renamed, Files.readString(TEMPLATE).replace("${AWS::StackName}-haiku", "${AWS::StackName}-fast"));
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            cli(outcrop, "cloudformation", "create-change-set", "--stack-name", "ads", "--change-set-name", "first",
                    "--change-set-type", "CREATE", "--template-body", template, "--parameters",
                    "ParameterKey=Team,ParameterValue=ads");
        }
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) { // another server: the change set is in the database
            JsonNode first = describe(outcrop, "first");
            assertThat(first.path("Status").asText()).isEqualTo("CREATE_COMPLETE");
            assertThat(first.path("ExecutionStatus").asText()).isEqualTo("AVAILABLE");
            JsonNode add = first.path("Changes").get(0).path("ResourceChange");
            assertThat(add.path("Action").asText()).isEqualTo("Add");
            assertThat(add.path("LogicalResourceId").asText()).isEqualTo("Profile");
            assertThat(add.path("ResourceType").asText()).isEqualTo("AWS::Bedrock::ApplicationInferenceProfile");
            AwsCli.run(outcrop, "cloudformation", "execute-change-set", "--stack-name", "ads", "--change-set-name",
                    "first");
            AwsCli.run(outcrop, "cloudformation", "wait", "stack-create-complete", "--stack-name", "ads");
            String profileArn = cli(outcrop, "cloudformation", "describe-stack-resources", "--stack-name", "ads")
                    .path("StackResources").get(0).path("PhysicalResourceId").asText();

            // A tag changes in place.
            cli(outcrop, "cloudformation", "create-change-set", "--stack-name", "ads", "--change-set-name", "tags",
                    "--template-body", template, "--parameters", "ParameterKey=Team,ParameterValue=growth");
            JsonNode tags = describe(outcrop, "tags").path("Changes");
            assertThat(tags).hasSize(1);
            JsonNode modify = tags.get(0).path("ResourceChange");
            assertThat(modify.path("Action").asText()).isEqualTo("Modify");
            assertThat(modify.path("PhysicalResourceId").asText()).isEqualTo(profileArn);
            assertThat(modify.path("Replacement").asText()).isEqualTo("False");
            assertThat(modify.path("Scope").toString()).isEqualTo("[\"Tags\"]");
            JsonNode detail = modify.path("Details").get(0);
            assertThat(detail.path("Target").path("Attribute").asText()).isEqualTo("Tags");
            assertThat(detail.path("Target").path("RequiresRecreation").asText()).isEqualTo("Never");
            assertThat(detail.path("Evaluation").asText()).isEqualTo("Static");
            assertThat(detail.path("ChangeSource").asText()).isEqualTo("DirectModification");

            // A new name replaces the profile (InferenceProfileName is create-only in its schema).
            cli(outcrop, "cloudformation", "create-change-set", "--stack-name", "ads", "--change-set-name", "rename",
                    "--template-body", "file://" + renamed, "--parameters", "ParameterKey=Team,ParameterValue=ads");
            JsonNode replace = describe(outcrop, "rename").path("Changes").get(0).path("ResourceChange");
            assertThat(replace.path("Replacement").asText()).isEqualTo("True");
            assertThat(replace.path("Details").get(0).path("Target").path("Name").asText())
                    .isEqualTo("InferenceProfileName");
            assertThat(replace.path("Details").get(0).path("Target").path("RequiresRecreation").asText())
                    .isEqualTo("Always");

            AwsCli.run(outcrop, "cloudformation", "delete-change-set", "--stack-name", "ads", "--change-set-name",
                    "tags");
            AwsCli.Result gone = AwsCli.attempt(outcrop, "cloudformation", "describe-change-set", "--stack-name",
                    "ads", "--change-set-name", "tags");
            assertThat(gone.output()).contains("ChangeSetNotFound");
            AwsCli.run(outcrop, "cloudformation", "execute-change-set", "--stack-name", "ads", "--change-set-name",
                    "rename");
            JsonNode stack = cli(outcrop, "cloudformation", "describe-stacks", "--stack-name", "ads").path("Stacks")
                    .get(0);
            assertThat(stack.path("StackStatus").asText()).isEqualTo("UPDATE_COMPLETE");
            assertThat(outcrop.bedrock().getInferenceProfile(r -> r.inferenceProfileIdentifier(
                    stack.path("Outputs").get(0).path("OutputValue").asText())).inferenceProfileName())
                    .isEqualTo("ads-fast");
        }
    }

    @Test
    void aChangeSetThatChangesNothingFailsAndCannotBeExecuted() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            AwsCli.run(outcrop, "cloudformation", "deploy", "--template-file", TEMPLATE.toString(), "--stack-name",
                    "ads");
            cli(outcrop, "cloudformation", "create-change-set", "--stack-name", "ads", "--change-set-name", "same",
                    "--template-body", "file://" + TEMPLATE);
            JsonNode same = describe(outcrop, "same");
            assertThat(same.path("Status").asText()).isEqualTo("FAILED");
            assertThat(same.path("StatusReason").asText()).startsWith("The submitted information didn't contain "
                    + "changes.");
            assertThat(AwsCli.attempt(outcrop, "cloudformation", "execute-change-set", "--stack-name", "ads",
                    "--change-set-name", "same").output()).contains("InvalidChangeSetStatus");

            // A NoEcho parameter's value is not shown by the change set either.
            Path quiet = dataDir.resolve("quiet.yaml");
            Files.writeString(quiet, Files.readString(TEMPLATE).replace("    Default: search",
                    "    Default: search\n    NoEcho: true"));
            cli(outcrop, "cloudformation", "create-change-set", "--stack-name", "quiet", "--change-set-name", "q",
                    "--change-set-type", "CREATE", "--template-body", "file://" + quiet, "--parameters",
                    "ParameterKey=Team,ParameterValue=hush");
            JsonNode parameters = cli(outcrop, "cloudformation", "describe-change-set", "--stack-name", "quiet",
                    "--change-set-name", "q").path("Parameters");
            assertThat(parameters.get(0).path("ParameterValue").asText()).isEqualTo("****");
        }
    }
}
