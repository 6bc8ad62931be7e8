package dev.outcrop.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptRouterTest {
    @Test
    void aDefaultRouterIsNamedByItsIdInTheRegion() {
        var stack = Synth.stackIn("us-east-1");
        var router = PromptRouter.fromDefaultId(DefaultPromptRouterIdentifier.ANTHROPIC_CLAUDE_V1, "us-east-1");

        assertThat(stack.resolve(router.getPromptRouterArn())).isEqualTo(Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":bedrock:us-east-1:", Map.of("Ref", "AWS::AccountId"),
                ":default-prompt-router/anthropic.claude:1"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grantInvokeAllowsTheRouterItsModelsProfilesAndTheirModelsOnlyThroughThem() {
        var stack = Synth.stackIn("us-east-1");
        PromptRouter.fromDefaultId(DefaultPromptRouterIdentifier.AMAZON_NOVA_V1, "us-east-1").grantInvoke(Synth.role(stack));

        String prefix = "arn:aws:bedrock:us-east-1:" + Synth.ACCOUNT + ":";
        var statements = Synth.statements(stack);
        assertThat(statements.get(0).get("Resource")).isEqualTo(List.of(prefix + "default-prompt-router/amazon.nova:1",
                prefix + "inference-profile/us.amazon.nova-lite-v1:0", prefix + "inference-profile/us.amazon.nova-pro-v1:0"));
        assertThat((List<Object>) statements.get(1).get("Resource")).contains(
                "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0");
    }

    @Test
    void aRegionThatIsNotAnAwsRegionNameIsAnErrorNamingTheMember() {
        assertThatThrownBy(() -> PromptRouter.fromDefaultId(DefaultPromptRouterIdentifier.META_LLAMA_3_1, "us east"))
                .hasMessageContaining("region 'us east'");
    }
}
