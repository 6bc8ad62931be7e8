package dev.outcrop.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceProfileTest {
    private static InferenceProfile seedProfile(software.amazon.awscdk.Stack stack, InferenceProfileProps.Builder extra) {
        return new InferenceProfile(stack, "MyProfile", extra
                .profileName("my-inference-profile")
                .description("A profile for high-quality responses")
                .modelSource(BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_V1_0)
                .build());
    }

    private static InferenceConfiguration.Builder seedConfiguration() {
        return InferenceConfiguration.builder().temperature(0.7).topP(0.9).maxTokens(2000).stopSequences(List.of("Human:", "Assistant:"));
    }

    @Test
    void onAwsItIsTheProfileAndAPromptWhoseVariantNamesTheProfileAndCarriesTheConfiguration() {
        var stack = Synth.stackIn("us-east-1");
        var profile = seedProfile(stack, InferenceProfileProps.builder().inferenceConfiguration(seedConfiguration().build()));

        String arn = "${" + stack.resolve(profile.getApplicationInferenceProfile().getCfnResource().getLogicalId()) + ".InferenceProfileArn}";
        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile")).containsEntry("InferenceProfileName", "my-inference-profile");
        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::Prompt")).isEqualTo(Map.of(
                "Name", "my-inference-profile",
                "Description", "A profile for high-quality responses",
                "DefaultVariant", "default",
                "Variants", List.of(Map.of(
                        "Name", "default",
                        "TemplateType", "TEXT",
                        "TemplateConfiguration", Map.of("Text", Map.of("Text", "{{input}}", "InputVariables", List.of(Map.of("Name", "input")))),
                        "ModelId", arn,
                        "InferenceConfiguration", Map.of("Text", Map.of(
                                "Temperature", 0.7, "TopP", 0.9, "MaxTokens", 2000, "StopSequences", List.of("Human:", "Assistant:")))))));
    }

    @Test
    void theModelSpecificParametersTravelAsAdditionalModelRequestFields() {
        var stack = Synth.stackIn("us-east-1");
        seedProfile(stack, InferenceProfileProps.builder().inferenceConfiguration(InferenceConfiguration.builder()
                .topK(250).anthropicVersion("bedrock-2023-05-31").responseFormat(ANSWER_FORMAT).build()));

        @SuppressWarnings("unchecked")
        var variant = ((List<Map<String, Object>>) Synth.onlyProperties(stack, "AWS::Bedrock::Prompt").get("Variants")).get(0);
        assertThat(variant.get("AdditionalModelRequestFields")).isEqualTo(Map.of(
                "top_k", 250, "anthropic_version", "bedrock-2023-05-31", "response_format", ANSWER_FORMAT));
    }

    private static final Map<String, Object> ANSWER_FORMAT = Map.of("name", "answer",
            "schema", Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))));

    @Test
    void theModelSpecificParametersAreInTheMetadataTooAnthropicVersionFixed() {
        var stack = Synth.stackIn("us-east-1");
        seedProfile(stack, InferenceProfileProps.builder().inferenceConfiguration(InferenceConfiguration.builder()
                .topK(250).anthropicVersion("bedrock-2023-05-31").responseFormat(ANSWER_FORMAT).build()));

        var profile = Synth.resourcesOfType(stack, "AWS::Bedrock::ApplicationInferenceProfile").get(0);
        assertThat(((Map<?, ?>) profile.get("Metadata")).get(InferenceProfile.METADATA_KEY)).isEqualTo(Map.of(
                "topK", Map.of("mode", "default", "value", 250),
                "anthropicVersion", Map.of("mode", "fixed", "value", "bedrock-2023-05-31"),
                "responseFormat", Map.of("mode", "default", "value", ANSWER_FORMAT)));
    }

    @Test
    void modesOutcropsStoredConfigurationRefusesFailSynthesisNamingTheParameter() {
        var config = InferenceConfiguration.builder().anthropicVersion("bedrock-2023-05-31").stopSequences(List.of("END")).build();
        var props = InferenceProfileProps.builder().profileName("p").modelSource(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0)
                .inferenceConfiguration(config);
        assertThatThrownBy(() -> props.configurationModes(Map.of("anthropicVersion", InferenceConfigurationMode.DEFAULT)).build())
                .hasMessageContaining("anthropicVersion can only be FIXED");
        assertThatThrownBy(() -> props.configurationModes(null).configurationMode(InferenceConfigurationMode.LIMIT).build())
                .hasMessageContaining("stopSequences cannot be a LIMIT");
    }

    @Test
    void aResponseFormatWithoutASchemaOrWithAnotherKeyIsAnError() {
        assertThatThrownBy(() -> InferenceConfiguration.builder().responseFormat(Map.of("type", "json_object")).build())
                .hasMessageContaining("responseFormat has 'type'");
        assertThatThrownBy(() -> InferenceConfiguration.builder().responseFormat(Map.of("name", "answer")).build())
                .hasMessageContaining("responseFormat needs schema");
    }

    @Test
    void outcropsStoredConfigurationIsInTheProfilesMetadataWithAModePerParameter() {
        var stack = Synth.stackIn("us-east-1");
        seedProfile(stack, InferenceProfileProps.builder().inferenceConfiguration(seedConfiguration().build())
                .configurationMode(InferenceConfigurationMode.DEFAULT)
                .configurationModes(Map.of("maxTokens", InferenceConfigurationMode.LIMIT, "temperature", InferenceConfigurationMode.FIXED)));

        var profile = Synth.resourcesOfType(stack, "AWS::Bedrock::ApplicationInferenceProfile").get(0);
        @SuppressWarnings("unchecked")
        var metadata = (Map<String, Object>) profile.get("Metadata");
        assertThat(metadata.get(InferenceProfile.METADATA_KEY)).isEqualTo(Map.of(
                "temperature", Map.of("mode", "fixed", "value", 0.7),
                "topP", Map.of("mode", "default", "value", 0.9),
                "maxTokens", Map.of("mode", "limit", "value", 2000),
                "stopSequences", Map.of("mode", "default", "value", List.of("Human:", "Assistant:"))));
    }

    @Test
    void aProfileNameWithSpacesGivesAPromptNameBedrockAccepts() {
        var stack = Synth.stackIn("us-east-1");
        new InferenceProfile(stack, "P", InferenceProfileProps.builder().profileName("claude 3 sonnet v1")
                .modelSource(BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_V1_0).build());

        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::Prompt").get("Name")).isEqualTo("claude-3-sonnet-v1");
    }

    @Test
    void grantInvokeReachesTheModelThroughTheProfile() {
        var stack = Synth.stackIn("us-east-1");
        var profile = seedProfile(stack, InferenceProfileProps.builder());

        profile.grantInvoke(Synth.role(stack));

        assertThat(Synth.statements(stack).get(1).get("Resource"))
                .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-sonnet-20240229-v1:0");
    }

    @Test
    void aCrossRegionSourceAndTagsGoToTheProfileAndGrantProfileUsageCoversEveryDestination() {
        var stack = Synth.stackIn("us-east-1");
        var profile = new InferenceProfile(stack, "MyProfile", InferenceProfileProps.builder()
                .profileName("nova everywhere")
                .modelSource(CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US,
                        BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0))
                .tags(List.of(software.amazon.awscdk.CfnTag.builder().key("team").value("support").build()))
                .inferenceConfiguration(InferenceConfiguration.builder().temperature(0.2).build())
                .build());

        profile.grantProfileUsage(Synth.role(stack));

        String system = "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":inference-profile/us.amazon.nova-lite-v1:0";
        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile")).isEqualTo(Map.of(
                "InferenceProfileName", "nova everywhere",
                "ModelSource", Map.of("CopyFrom", system),
                "Tags", List.of(Map.of("Key", "team", "Value", "support"))));
        String own = "${" + stack.resolve(profile.getApplicationInferenceProfile().getCfnResource().getLogicalId())
                + ".InferenceProfileArn}";
        assertThat(stack.resolve(profile.getPromptArn())).isEqualTo(Map.of("Fn::GetAtt",
                List.of(stack.resolve(profile.getPrompt().getLogicalId()), "Arn")));
        var statements = Synth.statements(stack);
        assertThat(statements.get(0).get("Resource")).isEqualTo(List.of(own, system));
        assertThat(statements.get(1).get("Resource")).isEqualTo(List.of(
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
                "arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-lite-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0"));
        assertThat(statements.get(2)).isEqualTo(Map.of("Action", "bedrock:GetInferenceProfile", "Effect", "Allow",
                "Resource", own));
    }

    @Test
    void aTemperatureOutOfRangeIsAnErrorNamingTheMember() {
        assertThatThrownBy(() -> InferenceConfiguration.builder().temperature(1.5).build()).hasMessageContaining("temperature must be between 0");
    }

    @Test
    void moreThanFourStopSequencesIsAnErrorNamingTheMember() {
        assertThatThrownBy(() -> InferenceConfiguration.builder().stopSequences(List.of("a", "b", "c", "d", "e")).build())
                .hasMessageContaining("stopSequences");
    }

    @Test
    void aFractionalMaxTokensIsAnErrorNamingTheMember() {
        assertThatThrownBy(() -> InferenceConfiguration.builder().maxTokens(10.5).build()).hasMessageContaining("maxTokens");
    }

    @Test
    void aModeForAParameterTheConfigurationDoesNotSetIsAnError() {
        assertThatThrownBy(() -> InferenceProfileProps.builder().profileName("p").modelSource(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0)
                .inferenceConfiguration(InferenceConfiguration.builder().temperature(0.1).build())
                .configurationModes(Map.of("topK", InferenceConfigurationMode.FIXED)).build())
                .hasMessageContaining("configurationModes names 'topK'");
    }
}
