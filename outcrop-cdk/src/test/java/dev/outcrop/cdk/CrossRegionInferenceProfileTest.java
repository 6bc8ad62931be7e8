package dev.outcrop.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossRegionInferenceProfileTest {
    private static final String SONNET = "anthropic.claude-3-5-sonnet-20241022-v2:0";

    @Test
    void fromConfigNamesTheGeographysSystemProfile() {
        var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileProps.builder()
                .geoRegion(CrossRegionInferenceProfileRegion.US)
                .model(BedrockFoundationModel.ANTHROPIC_CLAUDE_3_5_SONNET_V2_0).build());

        assertThat(cris.getInferenceProfileId()).isEqualTo("us." + SONNET);
        assertThat(cris.getType()).isEqualTo("SYSTEM_DEFINED");
    }

    @Test
    void aModelWithoutAProfileInTheGeographyIsAnErrorNamingTheGeographiesItHas() {
        assertThatThrownBy(() -> CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.JP,
                BedrockFoundationModel.ANTHROPIC_CLAUDE_3_5_SONNET_V2_0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("geoRegion JP")
                .hasMessageContaining("it has one in: apac, us");
    }

    @Test
    void grantInvokeAllowsTheProfileAndTheModelInEveryDestinationRegionOnlyThroughTheProfile() {
        var stack = Synth.stackIn("us-east-1");
        var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US, BedrockFoundationModel.ANTHROPIC_CLAUDE_3_5_SONNET_V2_0);

        cris.grantInvoke(Synth.role(stack));

        String profileArn = "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":inference-profile/us." + SONNET;
        var actions = List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
        assertThat(Synth.statements(stack)).containsExactly(
                Map.of("Action", actions, "Effect", "Allow", "Resource", profileArn),
                Map.of("Action", actions, "Effect", "Allow",
                        "Resource", List.of(
                                "arn:aws:bedrock:us-east-1::foundation-model/" + SONNET,
                                "arn:aws:bedrock:us-east-2::foundation-model/" + SONNET,
                                "arn:aws:bedrock:us-west-2::foundation-model/" + SONNET),
                        "Condition", Map.of("StringEquals", Map.of("bedrock:InferenceProfileArn", List.of(profileArn)))));
    }

    @Test
    void aGlobalProfileAllowsTheModelInAnyRegionAndTheRegionlessArn() {
        var stack = Synth.stackIn("eu-west-1");
        var global = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.GLOBAL,
                BedrockFoundationModel.ANTHROPIC_CLAUDE_SONNET_4_5_V1_0);

        global.grantInvoke(Synth.role(stack));

        String model = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        assertThat(Synth.statements(stack).get(1).get("Resource")).isEqualTo(List.of(
                "arn:aws:bedrock:*::foundation-model/" + model, "arn:aws:bedrock:::foundation-model/" + model));
    }

    @Test
    void grantingFromARegionTheProfileDoesNotServeIsAnErrorNamingItsSourceRegions() {
        var stack = Synth.stackIn("eu-west-1");
        var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US, BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0);

        assertThatThrownBy(() -> cris.grantInvoke(Synth.role(stack)))
                .hasMessageContaining("cannot be called from Region eu-west-1")
                .hasMessageContaining("us-east-1");
    }

    @Test
    void anEnvironmentAgnosticStackIsGrantedTheModelInEveryRegionAnySourceRoutesTo() {
        var stack = Synth.environmentAgnosticStack();
        var cris = CrossRegionInferenceProfile.fromConfig(CrossRegionInferenceProfileRegion.US, BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0);

        cris.grantProfileUsage(Synth.role(stack));

        @SuppressWarnings("unchecked")
        var models = (List<String>) Synth.statements(stack).get(1).get("Resource");
        assertThat(models).contains("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0");
    }

    @Test
    void everyModelOfTheCatalogHasAFoundationModelConstant() throws IllegalAccessException {
        var constants = new java.util.HashSet<String>();
        for (var field : BedrockFoundationModel.class.getFields()) {
            constants.add(((BedrockFoundationModel) field.get(null)).getModelId());
        }
        assertThat(constants).containsAll(SystemInferenceProfileCatalog.get().modelIds());
    }

    @Test
    void aModelIdThatIsNotBedrocksIsRejectedNamingTheMember() {
        assertThatThrownBy(() -> BedrockFoundationModel.fromModelId("../../etc/passwd"))
                .hasMessageContaining("modelId");
    }
}
