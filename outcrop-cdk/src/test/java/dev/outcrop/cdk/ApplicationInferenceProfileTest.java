package dev.outcrop.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfile;

class ApplicationInferenceProfileTest {
    private static final String SONNET_V1 = "anthropic.claude-3-sonnet-20240229-v1:0";
    private static final List<String> INVOKE = List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");

    @Test
    void aProfileOfOneRegionCopiesTheFoundationModelWithItsNameDescriptionAndTags() {
        var stack = Synth.stackIn("us-east-1");
        new ApplicationInferenceProfile(stack, "Profile", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName("claude 3 sonnet v1")
                .description("A profile for high-quality responses")
                .modelSource(BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_V1_0)
                .tags(List.of(CfnTag.builder().key("test").value("test").build()))
                .build());

        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile")).isEqualTo(Map.of(
                "InferenceProfileName", "claude 3 sonnet v1",
                "Description", "A profile for high-quality responses",
                "ModelSource", Map.of("CopyFrom", "arn:aws:bedrock:us-east-1::foundation-model/" + SONNET_V1),
                "Tags", List.of(Map.of("Key", "test", "Value", "test"))));
    }

    @Test
    void aProfileAcrossRegionsCopiesTheSystemProfile() {
        var stack = Synth.stackIn("us-east-1");
        var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US, BedrockFoundationModel.ANTHROPIC_CLAUDE_3_5_SONNET_V2_0);
        new ApplicationInferenceProfile(stack, "Profile", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName("claude 35 sonnet v2").modelSource(cris).build());

        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile").get("ModelSource")).isEqualTo(Map.of(
                "CopyFrom", "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0"));
    }

    @Test
    void theAttributesAreTheResourcesReturnValues() {
        var stack = Synth.stackIn("us-east-1");
        var profile = new ApplicationInferenceProfile(stack, "Profile", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName("p").modelSource(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0).build());

        String logicalId = stack.resolve(profile.getCfnResource().getLogicalId()).toString();
        assertThat(stack.resolve(profile.getInferenceProfileArn())).isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "InferenceProfileArn")));
        assertThat(stack.resolve(profile.getInferenceProfileId())).isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "InferenceProfileId")));
        assertThat(stack.resolve(profile.getInferenceProfileIdentifier())).isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "InferenceProfileIdentifier")));
        assertThat(stack.resolve(profile.getStatus())).isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "Status")));
        assertThat(stack.resolve(profile.getType())).isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId, "Type")));
    }

    @Test
    void grantProfileUsageAllowsTheProfileTheSystemProfileAndEveryDestinationModelOnlyThroughThem() {
        var stack = Synth.stackIn("us-west-2");
        var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US, BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0);
        var profile = new ApplicationInferenceProfile(stack, "Profile", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName("nova").modelSource(cris).build());

        profile.grantProfileUsage(Synth.role(stack));

        String own = "${" + stack.resolve(profile.getCfnResource().getLogicalId()) + ".InferenceProfileArn}";
        String system = "arn:aws:bedrock:us-west-2:" + Synth.ACCOUNT + ":inference-profile/us.amazon.nova-lite-v1:0";
        var statements = Synth.statements(stack);
        assertThat(statements.get(0)).isEqualTo(Map.of("Action", INVOKE, "Effect", "Allow", "Resource", List.of(own, system)));
        assertThat(statements.get(1)).containsEntry("Condition",
                Map.of("StringEquals", Map.of("bedrock:InferenceProfileArn", List.of(own, system))));
        assertThat(statements.get(1).get("Resource")).isEqualTo(List.of(
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
                "arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-lite-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0"));
        assertThat(statements.subList(2, 4)).containsExactly(
                Map.of("Action", "bedrock:GetInferenceProfile", "Effect", "Allow", "Resource", own),
                Map.of("Action", "bedrock:ListInferenceProfiles", "Effect", "Allow", "Resource", "*"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProfileImportedByAttributesGrantsAnyModelOnlyThroughIt() {
        var stack = Synth.stackIn("us-east-1");
        String arn = "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":application-inference-profile/abc123";
        var imported = ApplicationInferenceProfile.fromApplicationInferenceProfileAttributes(stack, "Imported",
                ApplicationInferenceProfileAttributes.builder().inferenceProfileArn(arn).inferenceProfileIdentifier(arn).build());

        imported.grantInvoke(Synth.role(stack));

        assertThat(imported.getInferenceProfileId()).isEqualTo("abc123");
        var statements = Synth.statements(stack);
        assertThat(statements.get(0).get("Resource")).isEqualTo(arn);
        assertThat(statements.get(1)).containsEntry("Condition", Map.of("StringEquals", Map.of("bedrock:InferenceProfileArn", List.of(arn))));
        assertThat((List<Object>) statements.get(1).get("Resource")).contains("arn:aws:bedrock:*::foundation-model/*");
    }

    @Test
    void aProfileImportedFromTheL1ConstructGrantsTheModelItCopies() {
        var stack = Synth.stackIn("us-east-1");
        String model = "arn:aws:bedrock:us-east-1::foundation-model/" + SONNET_V1;
        var cfn = CfnApplicationInferenceProfile.Builder.create(stack, "mytestaip3").inferenceProfileName("mytest")
                .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder().copyFrom(model).build())
                .build();

        ApplicationInferenceProfile.fromCfnApplicationInferenceProfile(cfn).grantInvoke(Synth.role(stack));

        var statements = Synth.statements(stack);
        assertThat(statements.get(0).get("Resource")).isEqualTo("${mytestaip3.InferenceProfileArn}");
        assertThat(statements.get(1).get("Resource")).isEqualTo(model);
    }

    @Test
    void importingTheSameL1ResourceTwiceGivesTheSameProfile() {
        var stack = Synth.stackIn("us-east-1");
        var cfn = CfnApplicationInferenceProfile.Builder.create(stack, "aip").inferenceProfileName("mytest")
                .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder()
                        .copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + SONNET_V1).build())
                .build();

        assertThat(ApplicationInferenceProfile.fromCfnApplicationInferenceProfile(cfn))
                .isSameAs(ApplicationInferenceProfile.fromCfnApplicationInferenceProfile(cfn));
    }

    @Test
    void aNameBedrockWouldRejectIsAnErrorNamingTheMember() {
        assertThatThrownBy(() -> ApplicationInferenceProfileProps.builder()
                .inferenceProfileName("bad/name").modelSource(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0).build())
                .hasMessageContaining("inferenceProfileName 'bad/name'");
    }

    @Test
    void anApplicationProfileAsModelSourceIsAnError() {
        var stack = Synth.stackIn("us-east-1");
        var first = new ApplicationInferenceProfile(stack, "First", ApplicationInferenceProfileProps.builder()
                .inferenceProfileName("first").modelSource(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0).build());

        assertThatThrownBy(() -> ApplicationInferenceProfileProps.builder().inferenceProfileName("second").modelSource(first).build())
                .hasMessageContaining("modelSource must be a foundation model or a cross-Region");
    }

    @Test
    void aMissingModelSourceIsAnErrorNamingTheMember() {
        assertThatThrownBy(() -> ApplicationInferenceProfileProps.builder().inferenceProfileName("p").build())
                .hasMessageContaining("modelSource is required");
    }
}
