package dev.outcrop.app;

import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.PromptRouterTargetModel;

/**
 * The prompt-router tests' Outcrop: Claude 3 Haiku and Claude 3.5 Sonnet each served by a fake OpenAI-compatible
 * backend of its own (answering "from haiku" and "from sonnet"), so that a test counts which model a router chose.
 */
final class RouterBackends implements AutoCloseable {
    static final String HAIKU_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String SONNET_MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

    final FakeOpenAiServer haiku;
    final FakeOpenAiServer sonnet;
    final TestOutcrop outcrop;

    private RouterBackends(FakeOpenAiServer haiku, FakeOpenAiServer sonnet, TestOutcrop outcrop) {
        this.haiku = haiku;
        this.sonnet = sonnet;
        this.outcrop = outcrop;
    }

    /** Starts both backends and an Outcrop on {@code dataDir} deploying the two models to them. */
    static RouterBackends start(Path dataDir) throws Exception {
        FakeOpenAiServer haiku = new FakeOpenAiServer();
        FakeOpenAiServer sonnet = new FakeOpenAiServer();
        haiku.answer(OpenAiBackends.textStream(10, 5, "from ", "haiku"));
        sonnet.answer(OpenAiBackends.textStream(10, 5, "from ", "sonnet"));
        TestOutcrop outcrop = TestOutcrop.start(ConfigLoader.parse("""
                deployments:
                  - model: %s
                    regions: [us-east-1, us-east-2, us-west-2]
                    provider: openai
                    url: %s
                    remoteModel: haiku
                  - model: %s
                    regions: [us-east-1, us-west-2]
                    provider: openai
                    url: %s
                    remoteModel: sonnet
                """.formatted(HAIKU_MODEL, haiku.url(), SONNET_MODEL, sonnet.url()), "test").withDataDir(dataDir));
        return new RouterBackends(haiku, sonnet, outcrop);
    }

    /**
     * Creates a custom router named {@code name} over Sonnet and Haiku (Sonnet the fallback, a 10% quality
     * difference) and answers its ARN.
     */
    String customRouter(String name) {
        try (BedrockClient bedrock = outcrop.bedrock()) {
            return bedrock.createPromptRouter(r -> r.promptRouterName(name)
                    .models(PromptRouterTargetModel.builder().modelArn(PromptRouterControlPlaneTest.SONNET).build(),
                            PromptRouterTargetModel.builder().modelArn(PromptRouterControlPlaneTest.HAIKU).build())
                    .fallbackModel(f -> f.modelArn(PromptRouterControlPlaneTest.SONNET))
                    .routingCriteria(c -> c.responseQualityDifference(10.0)))
                    .promptRouterArn();
        }
    }

    @Override
    public void close() {
        outcrop.close();
        haiku.close();
        sonnet.close();
    }
}
