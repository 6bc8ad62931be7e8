package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ResourceNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/**
 * {@code outcrop stacks deploy} applying an application profile's {@code Outcrop::InferenceConfiguration}
 * metadata as its stored inference configuration, as {@code outcrop profiles show} then reads it: created with
 * the profile, changed by an update of the metadata alone, cleared when the entry goes, put back by a rollback,
 * and a wrong entry failing the deploy naming the resource and the key.
 */
class StackProfileConfigurationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STACK = "Configured";
    private static final String CONFIGURATION = """
            {"temperature": {"value": 0.2, "mode": "default"}, "maxTokens": {"value": 300, "mode": "limit"},
             "stopSequences": {"value": ["END"], "mode": "fixed"}}""";

    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void rootExists() {
        TestOutcrop.start(dataDir).close(); // the root principal exists, as on a machine where Outcrop ran
    }

    /** A stack of one profile whose metadata is {@code metadata} (a JSON object's members), and maybe more. */
    private Path template(String metadata, String moreResources) throws IOException {
        Path file = Files.createTempFile(dataDir, "template", ".json");
        Files.writeString(file, """
                {"Resources": {
                  "Profile": {"Type": "AWS::Bedrock::ApplicationInferenceProfile",
                    "Properties": {"InferenceProfileName": "configured", "ModelSource": {"CopyFrom":
                      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"}},
                    "Metadata": {%s}}%s},
                 "Outputs": {"ProfileArn": {"Value": {"Ref": "Profile"}}}}""".formatted(metadata, moreResources));
        return file;
    }

    private Path configured(String configuration) throws IOException {
        return template("\"Outcrop::InferenceConfiguration\": " + configuration, "");
    }

    private int run(boolean stacks, String... args) {
        out.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return stacks ? StackCommands.run(new ArrayDeque<>(all), print, TestOutcrop.ENV)
                : ProfileCommands.run(new ArrayDeque<>(all), print, TestOutcrop.ENV);
    }

    private String deploy(Path template) {
        run(true, "deploy", template.toString(), "--stack-name", STACK);
        return output();
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String profileArn() {
        assertThat(run(true, "describe", STACK)).isZero();
        return output().lines().filter(l -> l.contains("AWS::Bedrock::ApplicationInferenceProfile")).findFirst()
                .orElseThrow().split("\t")[2];
    }

    private JsonNode stored(String profileArn) throws IOException {
        assertThat(run(false, "show", profileArn)).isZero();
        return JSON.readTree(output());
    }

    @Test
    void createStoresTheConfigurationTheMetadataGives() throws IOException {
        assertThat(deploy(configured(CONFIGURATION))).startsWith(STACK + " CREATE_COMPLETE");

        assertThat(stored(profileArn())).isEqualTo(JSON.readTree(CONFIGURATION));
    }

    @Test
    void anUpdateOfTheMetadataAloneChangesTheConfigurationAndDroppingTheEntryClearsIt() throws IOException {
        deploy(configured(CONFIGURATION));
        String arn = profileArn();

        String changed = CONFIGURATION.replace("0.2", "0.9");
        assertThat(deploy(configured(changed))).startsWith(STACK + " UPDATE_COMPLETE");
        assertThat(profileArn()).isEqualTo(arn); // changed in place, not replaced
        assertThat(stored(arn)).isEqualTo(JSON.readTree(changed));
        run(true, "events", STACK);
        assertThat(output()).contains("Profile\tAWS::Bedrock::ApplicationInferenceProfile\tUPDATE_COMPLETE");

        assertThat(deploy(template("\"Other\": {}", ""))).startsWith(STACK + " UPDATE_COMPLETE");
        assertThat(stored(arn)).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void aStackWhoseTemplateNeverCarriedTheEntryLeavesAConfigurationGivenByHand() throws IOException {
        deploy(template("", ""));
        String arn = profileArn();
        assertThat(run(false, "configure", arn, "--temperature", "0.4")).isZero();

        Path tagged = template("", "");
        Files.writeString(tagged, Files.readString(tagged).replace("\"InferenceProfileName\"",
                "\"Tags\": [{\"Key\": \"team\", \"Value\": \"support\"}], \"InferenceProfileName\""));
        assertThat(deploy(tagged)).startsWith(STACK + " UPDATE_COMPLETE");

        assertThat(stored(arn).path("temperature").path("value").asDouble()).isEqualTo(0.4);
    }

    @Test
    void aWrongEntryFailsTheCreateNamingTheResourceAndKeyAndLeavesNoProfile() throws IOException {
        String out = deploy(configured("""
                {"temperature": {"value": 1.5, "mode": "default"}, "maxTokens": {"value": 300, "mode": "most"},
                 "seed": {"value": 1, "mode": "fixed"}}"""));

        assertThat(out).startsWith(STACK + " ROLLBACK_COMPLETE")
                .contains("Resources.Profile.Metadata.Outcrop::InferenceConfiguration")
                .contains("'temperature.value'").contains("'maxTokens.mode'").contains("seed");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            assertThat(root.listInferenceProfiles(r -> r.typeEquals("APPLICATION")).inferenceProfileSummaries()).isEmpty();
        }
    }

    @Test
    void anEntryThatIsNotAnObjectIsRefused() throws IOException {
        assertThat(deploy(configured("[\"temperature\"]"))).startsWith(STACK + " ROLLBACK_COMPLETE")
                .contains("Resources.Profile.Metadata.Outcrop::InferenceConfiguration is not a valid inference "
                        + "configuration: An inference configuration must be a JSON object");
    }

    @Test
    void aFailedUpdateRollsTheConfigurationBack() throws IOException {
        deploy(configured(CONFIGURATION));
        String arn = profileArn();

        Path broken = template("\"Outcrop::InferenceConfiguration\": " + CONFIGURATION.replace("0.2", "0.9"), """
                , "Broken": {"Type": "AWS::IAM::Policy", "DependsOn": "Profile", "Properties": {"PolicyName": "p",
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                      "Action": "bedrock:InvokeModel", "Resource": "*"}]}, "Users": ["nobody"]}}""");
        assertThat(deploy(broken)).startsWith(STACK + " UPDATE_ROLLBACK_COMPLETE");

        assertThat(stored(arn)).isEqualTo(JSON.readTree(CONFIGURATION));
    }

    @Test
    void aWrongEntryInAnUpdateFailsItAndKeepsTheConfiguration() throws IOException {
        deploy(configured(CONFIGURATION));
        String arn = profileArn();

        assertThat(deploy(configured("{\"anthropicVersion\": {\"value\": \"bedrock-2023-05-31\", \"mode\": \"default\"}}")))
                .startsWith(STACK + " UPDATE_ROLLBACK_COMPLETE")
                .contains("Resources.Profile.Metadata.Outcrop::InferenceConfiguration").contains("anthropicVersion.mode");

        assertThat(stored(arn)).isEqualTo(JSON.readTree(CONFIGURATION));
    }

    @Test
    void deleteTakesTheConfigurationWithTheProfile() throws IOException {
        deploy(configured(CONFIGURATION));
        String arn = profileArn();

        assertThat(run(true, "delete", STACK)).isZero();

        assertThatThrownBy(() -> run(false, "show", arn)).isInstanceOf(ResourceNotFoundException.class);
    }
}
