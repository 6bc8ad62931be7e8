package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** A model deployed on an OpenAI-compatible server, called through Bedrock's API with a real client. */
class OpenAiDeploymentTest {
    private static final String LLAMA = "meta.llama3-1-8b-instruct-v1:0";

    @TempDir
    Path dataDir;

    private static final String[] VLLM = {
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Served by vLLM\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\",\"stop_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"total_tokens\":15,\"completion_tokens\":4}}\n\n",
        "data: [DONE]\n\n"
    };

    @Test
    void aConfiguredDeploymentServesItsModelAndRegionWhileTheRestStaysSimulated() throws Exception {
        try (FakeOpenAiServer vllm = new FakeOpenAiServer()) {
            vllm.answer(FakeOpenAiServer.Answer.sse(VLLM));
            OutcropConfig config = ConfigLoader.parse("""
                    deployments:
                      - model: %s
                        regions: [us-east-1]
                        provider: openai
                        url: %s
                        remoteModel: meta-llama/Llama-3.1-8B-Instruct
                    """.formatted(LLAMA, vllm.url()), "test").withDataDir(dataDir);
            try (TestOutcrop outcrop = TestOutcrop.start(config); BedrockRuntimeClient runtime = outcrop.runtime()) {
                Message hello = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hello")).build();

                ConverseResponse served = runtime.converse(r -> r.modelId(LLAMA).messages(hello)
                        .inferenceConfig(c -> c.maxTokens(100)));
                ConverseResponse simulated = runtime.converse(r -> r.modelId("amazon.nova-lite-v1:0").messages(hello));

                assertThat(served.output().message().content().getFirst().text()).isEqualTo("Served by vLLM");
                assertThat(served.usage().inputTokens()).isEqualTo(11);
                assertThat(served.usage().outputTokens()).isEqualTo(4);
                JsonNode sent = new ObjectMapper().readTree(vllm.requests().getFirst());
                assertThat(sent.path("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
                assertThat(sent.path("max_tokens").asInt()).isEqualTo(100);
                assertThat(simulated.output().message().content().getFirst().text()).startsWith("Simulated answer");
                assertThat(vllm.requests()).hasSize(1);
            }
        }
    }

    @Test
    void aDeploymentOfAModelOutsideItsRegionsOrWithoutAUrlStopsTheStart() {
        assertThatThrownBy(() -> TestOutcrop.start(ConfigLoader.parse("""
                deployments:
                  - model: %s
                    regions: [eu-north-1]
                    url: http://127.0.0.1:8000/v1
                  - model: acme.unknown-v1:0
                    regions: [us-east-1]
                    url: http://127.0.0.1:8000/v1
                """.formatted(LLAMA), "test").withDataDir(dataDir)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deployments[0].regions: " + LLAMA + " does not run in eu-north-1")
                .hasMessageContaining("deployments[1].model: 'acme.unknown-v1:0' is not a foundation model");
        assertThatThrownBy(() -> ConfigLoader.parse("deployments:\n  - model: x\n    regions: [us-east-1]\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deployments[0].url: missing");
    }
}
