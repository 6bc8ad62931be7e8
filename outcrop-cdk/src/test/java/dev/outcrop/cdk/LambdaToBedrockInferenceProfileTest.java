package dev.outcrop.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnTag;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfile;
import software.amazon.awscdk.services.bedrock.CfnApplicationInferenceProfileProps;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;

class LambdaToBedrockInferenceProfileTest {
    private static final String NOVA_LITE = "amazon.nova-lite-v1:0";

    private static FunctionProps functionProps() {
        return FunctionProps.builder().runtime(Runtime.NODEJS_20_X).handler("index.handler").code(Code.fromInline("exports.handler = async () => ({});")).build();
    }

    private static LambdaToBedrockInferenceProfile pattern(Stack stack, LambdaToBedrockInferenceProfileProps.Builder props) {
        return new LambdaToBedrockInferenceProfile(stack, "LambdaToBedrockPattern", props.bedrockModelId(NOVA_LITE).build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Stack stack) {
        var function = Synth.onlyProperties(stack, "AWS::Lambda::Function");
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    private static String profileArn(Stack stack, LambdaToBedrockInferenceProfile pattern) {
        return "${" + stack.resolve(pattern.getInferenceProfile().getLogicalId()) + ".InferenceProfileArn}";
    }

    @Test
    void byDefaultTheProfileCopiesTheCrossRegionProfileOfTheStacksGeography() {
        var stack = Synth.stackIn("us-east-1");
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()));

        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile").get("ModelSource")).isEqualTo(Map.of(
                "CopyFrom", "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":inference-profile/us." + NOVA_LITE));
    }

    @Test
    void theGeographyFollowsTheStacksRegion() {
        var stack = Synth.stackIn("eu-central-1");
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()));

        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile").get("ModelSource").toString())
                .contains("inference-profile/eu." + NOVA_LITE);
    }

    @Test
    void theFunctionGetsTheProfileArnTheModelIdConnectionReuseAndTracing() {
        var stack = Synth.stackIn("us-east-1");
        var pattern = pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()));

        assertThat(environment(stack)).isEqualTo(Map.of(
                "BEDROCK_PROFILE", profileArn(stack, pattern),
                "BEDROCK_MODEL", NOVA_LITE,
                "AWS_NODEJS_CONNECTION_REUSE_ENABLED", "1"));
        assertThat(Synth.onlyProperties(stack, "AWS::Lambda::Function").get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
    }

    @Test
    void theEnvironmentVariableNamesCanBeChosen() {
        var stack = Synth.stackIn("us-east-1");
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps())
                .foundationModelEnvironmentVariableName("MODEL").inferenceProfileEnvironmentVariableName("PROFILE"));

        assertThat(environment(stack)).containsKeys("MODEL", "PROFILE").doesNotContainKeys("BEDROCK_MODEL", "BEDROCK_PROFILE");
    }

    @Test
    void theRoleMayCallTheProfileAndTheModelInEveryDestinationRegionOnlyThroughIt() {
        var stack = Synth.stackIn("us-east-1");
        var pattern = pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()));

        String own = profileArn(stack, pattern);
        String system = "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":inference-profile/us." + NOVA_LITE;
        var invoke = Synth.statements(stack).stream().filter(s -> s.get("Action").equals(InvokeGrants.INVOKE_ACTIONS)).toList();
        assertThat(invoke.get(0).get("Resource")).isEqualTo(List.of(own, system));
        assertThat(invoke.get(1).get("Resource")).isEqualTo(List.of(
                "arn:aws:bedrock:us-east-1::foundation-model/" + NOVA_LITE,
                "arn:aws:bedrock:us-east-2::foundation-model/" + NOVA_LITE,
                "arn:aws:bedrock:us-west-2::foundation-model/" + NOVA_LITE));
        assertThat(invoke.get(1).get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("bedrock:InferenceProfileArn", List.of(own, system))));
    }

    @Test
    void withoutCrossRegionTheProfileCopiesTheModelInTheStacksRegion() {
        var stack = Synth.stackIn("us-east-1");
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()).deployCrossRegionProfile(false));

        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile").get("ModelSource")).isEqualTo(Map.of(
                "CopyFrom", "arn:aws:bedrock:us-east-1::foundation-model/" + NOVA_LITE));
    }

    @Test
    void inferenceProfilePropsSetTheNameDescriptionAndTags() {
        var stack = Synth.stackIn("us-east-1");
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps())
                .inferenceProfileProps(CfnApplicationInferenceProfileProps.builder().inferenceProfileName("chat").description("chat app")
                        .tags(List.of(CfnTag.builder().key("team").value("search").build())).build()));

        var profile = Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile");
        assertThat(profile).containsEntry("InferenceProfileName", "chat").containsEntry("Description", "chat app")
                .containsEntry("Tags", List.of(Map.of("Key", "team", "Value", "search")));
    }

    @Test
    void withoutANameTheProfileGetsAUniqueNameBedrockAccepts() {
        var stack = Synth.stackIn("us-east-1");
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()));

        assertThat((String) Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile").get("InferenceProfileName"))
                .matches("^([0-9a-zA-Z][ _-]?)+$").hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void aCopyFromInInferenceProfilePropsIsAnError() {
        assertThatThrownBy(() -> LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()).bedrockModelId(NOVA_LITE)
                .inferenceProfileProps(CfnApplicationInferenceProfileProps.builder().inferenceProfileName("x")
                        .modelSource(CfnApplicationInferenceProfile.InferenceProfileModelSourceProperty.builder().copyFrom("arn").build()).build())
                .build()).hasMessageContaining("inferenceProfileProps.modelSource");
    }

    @Test
    void anExistingFunctionIsUsedAndGranted() {
        var stack = Synth.stackIn("us-east-1");
        var existing = new Function(stack, "Existing", functionProps());
        var pattern = pattern(stack, LambdaToBedrockInferenceProfileProps.builder().existingLambdaObj(existing));

        assertThat(pattern.getLambdaFunction()).isSameAs(existing);
        assertThat(environment(stack)).containsKeys("BEDROCK_PROFILE", "BEDROCK_MODEL");
    }

    @Test
    void bothAnExistingFunctionAndFunctionPropsIsAnError() {
        var stack = Synth.stackIn("us-east-1");
        assertThatThrownBy(() -> LambdaToBedrockInferenceProfileProps.builder().existingLambdaObj(new Function(stack, "F", functionProps()))
                .lambdaFunctionProps(functionProps()).bedrockModelId(NOVA_LITE).build())
                .hasMessageContaining("exactly one of existingLambdaObj and lambdaFunctionProps");
    }

    @Test
    void deployVpcCreatesAnIsolatedVpcWithBedrockEndpointsAndPutsTheFunctionInIt() {
        var stack = Synth.stackIn("us-east-1");
        var pattern = pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps())
                .deployVpc(true).vpcProps(VpcProps.builder().maxAzs(2).natGateways(2).build()));

        assertThat(pattern.getVpc()).isNotNull();
        assertThat(Synth.onlyProperties(stack, "AWS::EC2::VPC")).containsEntry("EnableDnsHostnames", true).containsEntry("EnableDnsSupport", true);
        assertThat(Synth.resourcesOfType(stack, "AWS::EC2::NatGateway")).isEmpty();
        assertThat(Synth.resourcesOfType(stack, "AWS::EC2::Subnet")).hasSize(2);
        assertThat(Synth.resourcesOfType(stack, "AWS::EC2::VPCEndpoint").stream().map(e -> String.valueOf(((Map<?, ?>) e.get("Properties")).get("ServiceName"))))
                .containsExactlyInAnyOrder("com.amazonaws.us-east-1.bedrock", "com.amazonaws.us-east-1.bedrock-runtime");
        assertThat(Synth.onlyProperties(stack, "AWS::Lambda::Function")).containsKey("VpcConfig");
    }

    @Test
    void anExistingVpcGetsTheBedrockEndpoints() {
        var stack = Synth.stackIn("us-east-1");
        var vpc = new Vpc(stack, "Existing");
        var pattern = pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()).existingVpc(vpc));

        assertThat(pattern.getVpc()).isSameAs(vpc);
        assertThat(Synth.resourcesOfType(stack, "AWS::EC2::VPCEndpoint")).hasSize(2);
        assertThat(Synth.onlyProperties(stack, "AWS::Lambda::Function")).containsKey("VpcConfig");
    }

    @Test
    void anExistingVpcWithDeployVpcIsAnError() {
        var stack = Synth.stackIn("us-east-1");
        assertThatThrownBy(() -> LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()).bedrockModelId(NOVA_LITE)
                .existingVpc(new Vpc(stack, "V")).deployVpc(true).build())
                .hasMessageContaining("existingVpc and deployVpc");
    }

    @Test
    @SuppressWarnings("unchecked")
    void inAnEnvironmentAgnosticStackTheGeographyIsLookedUpFromTheDeploymentRegion() {
        var stack = Synth.environmentAgnosticStack();
        pattern(stack, LambdaToBedrockInferenceProfileProps.builder().lambdaFunctionProps(functionProps()));

        var template = (Map<String, Object>) software.amazon.awscdk.assertions.Template.fromStack(stack).toJSON();
        var mapping = (Map<String, Map<String, Object>>) ((Map<String, Object>) template.get("Mappings")).values().iterator().next();
        assertThat(mapping.get("us-east-1")).isEqualTo(Map.of("geo", "us"));
        assertThat(mapping.get("eu-west-1")).isEqualTo(Map.of("geo", "eu"));
        assertThat(Synth.onlyProperties(stack, "AWS::Bedrock::ApplicationInferenceProfile").get("ModelSource").toString())
                .contains("Fn::FindInMap");
        var invoke = Synth.statements(stack).stream().filter(s -> s.get("Action").equals(InvokeGrants.INVOKE_ACTIONS)).toList();
        assertThat(invoke.get(1).get("Resource")).isEqualTo(List.of(
                "arn:aws:bedrock:*::foundation-model/" + NOVA_LITE, "arn:aws:bedrock:::foundation-model/" + NOVA_LITE));
    }

    @Test
    void aModelWithoutAProfileInTheStacksGeographyIsAnErrorNamingItsGeographies() {
        var stack = Synth.stackIn("ca-central-1");
        assertThatThrownBy(() -> new LambdaToBedrockInferenceProfile(stack, "P", LambdaToBedrockInferenceProfileProps.builder()
                .lambdaFunctionProps(functionProps()).bedrockModelId("anthropic.claude-3-opus-20240229-v1:0").build()))
                .hasMessageContaining("its geographies: us");
    }
}
