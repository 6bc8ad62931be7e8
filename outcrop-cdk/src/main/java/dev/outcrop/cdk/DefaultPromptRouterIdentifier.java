package dev.outcrop.cdk;

import java.util.List;

/** Bedrock's default prompt routers, present in every account of the Regions that have them, and the models they route between. */
public enum DefaultPromptRouterIdentifier {
    ANTHROPIC_CLAUDE_V1("anthropic.claude:1", List.of(BedrockFoundationModel.ANTHROPIC_CLAUDE_HAIKU_V1_0, BedrockFoundationModel.ANTHROPIC_CLAUDE_3_5_SONNET_V1_0)),
    META_LLAMA_3_1("meta.llama:1", List.of(BedrockFoundationModel.META_LLAMA3_1_8B_INSTRUCT_V1_0, BedrockFoundationModel.META_LLAMA3_1_70B_INSTRUCT_V1_0)),
    AMAZON_NOVA_V1("amazon.nova:1", List.of(BedrockFoundationModel.AMAZON_NOVA_LITE_V1_0, BedrockFoundationModel.AMAZON_NOVA_PRO_V1_0));

    private final String promptRouterId;
    private final List<BedrockFoundationModel> routingModels;

    DefaultPromptRouterIdentifier(String promptRouterId, List<BedrockFoundationModel> routingModels) {
        this.promptRouterId = promptRouterId;
        this.routingModels = routingModels;
    }

    public String getPromptRouterId() {
        return promptRouterId;
    }

    public List<BedrockFoundationModel> getRoutingModels() {
        return routingModels;
    }
}
