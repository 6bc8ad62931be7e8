package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.cdk.BedrockFoundationModel;
import dev.outcrop.cdk.InferenceConfiguration;
import dev.outcrop.cdk.InferenceConfigurationMode;
import dev.outcrop.cdk.InferenceProfile;
import dev.outcrop.cdk.InferenceProfileProps;
import dev.outcrop.cdk.LambdaToBedrockInferenceProfile;
import dev.outcrop.cdk.LambdaToBedrockInferenceProfileProps;
import dev.outcrop.providers.openai.FakeOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.constructs.Construct;

/**
 * A Java CDK app on {@code outcrop-cdk}, synthesized here (the CDK's core runs through jsii on this machine's
 * Node.js), deployed with {@code outcrop stacks deploy} and its function run with {@code outcrop stacks invoke}:
 * the function calls Converse with the AWS SDK for JavaScript, through {@code BEDROCK_PROFILE} (allowed), through
 * another profile (denied), and through the {@code InferenceProfile} granted to it, whose configuration the
 * OpenAI-compatible backend then receives. Needs {@code npm ci --prefix conformance} (the SDK the function
 * requires, as Lambda's runtime carries it).
 */
class CdkAppStacksTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SDK = Path.of("..", "conformance", "node_modules", "@aws-sdk", "client-bedrock-runtime")
            .toAbsolutePath().normalize();
    /** The seeds' function, calling Converse through the profile the event names or BEDROCK_PROFILE. */
    private static final String HANDLER = """
            const b = require('SDK');
            exports.handler = async (event) => {
              const client = new b.BedrockRuntimeClient({});
              try {
                const reply = await client.send(new b.ConverseCommand({
                  modelId: event.modelId || process.env.BEDROCK_PROFILE,
                  messages: [{role: 'user', content: [{text: event.prompt || 'Say hello.'}]}]}));
                return {outcome: 'allowed', text: reply.output.message.content[0].text};
              } catch (e) {
                return {outcome: e.name};
              }
            };""";

    @TempDir
    static Path assembly;
    private static Path chatTemplate;
    private static Path configuredTemplate;

    @TempDir
    Path dataDir;
    private final StacksCli cli = new StacksCli();

    /** Seed 002's function over a new profile of the geography's cross-Region profile. */
    static class ChatStack extends Stack {
        final LambdaToBedrockInferenceProfile chat;

        ChatStack(Construct scope, String id) {
            super(scope, id, StackProps.builder().env(Environment.builder().region("us-east-1").build()).build());
            chat = new LambdaToBedrockInferenceProfile(this, "LambdaToBedrockPattern",
                    LambdaToBedrockInferenceProfileProps.builder()
                            .lambdaFunctionProps(FunctionProps.builder()
                                    .runtime(Runtime.NODEJS_20_X)
                                    .handler("index.handler")
                                    .code(Code.fromInline(HANDLER.replace("SDK", SDK.toString().replace("\\", "/"))))
                                    .build())
                            .bedrockModelId("amazon.nova-lite-v1:0")
                            .build());
            CfnOutput.Builder.create(this, "ProfileArn").value(chat.getInferenceProfile().getAttrInferenceProfileArn())
                    .build();
        }
    }

    /** The same, and seed 000's profile with an inference configuration, which the function may use too. */
    static final class ConfiguredStack extends ChatStack {
        ConfiguredStack(Construct scope, String id) {
            super(scope, id);
            var profile = new InferenceProfile(this, "MyProfile", InferenceProfileProps.builder()
                    .profileName("my-inference-profile")
                    .description("A profile for high-quality responses")
                    .modelSource(BedrockFoundationModel.ANTHROPIC_CLAUDE_HAIKU_V1_0)
                    .inferenceConfiguration(InferenceConfiguration.builder()
                            .temperature(0.7)
                            .topP(0.9)
                            .maxTokens(2000)
                            .topK(40)
                            .stopSequences(List.of("Human:", "Assistant:"))
                            .build())
                    .configurationModes(Map.of("maxTokens", InferenceConfigurationMode.LIMIT,
                            "stopSequences", InferenceConfigurationMode.FIXED))
                    .build());
            profile.grantProfileUsage(chat.getLambdaFunction());
            CfnOutput.Builder.create(this, "ConfiguredProfileArn").value(profile.getInferenceProfileArn()).build();
        }
    }

    @BeforeAll
    static void synthesize() {
        assumeTrue(Files.isDirectory(SDK), "npm ci --prefix conformance");
        App app = new App(AppProps.builder().outdir(assembly.toString()).build());
        new ChatStack(app, "OutcropChat");
        new ConfiguredStack(app, "OutcropConfigured");
        CloudAssembly synthesized = app.synth();
        chatTemplate = Path.of(synthesized.getStackByName("OutcropChat").getTemplateFullPath());
        configuredTemplate = Path.of(synthesized.getStackByName("OutcropConfigured").getTemplateFullPath());
    }

    @BeforeEach
    void rootExists() {
        TestOutcrop.start(dataDir).close(); // the root principal exists, as on a machine where Outcrop ran
    }

    private int stacks(String... args) {
        return cli.run(dataDir, args);
    }

    private String output() {
        return cli.output();
    }

    private String outputValue(String name) {
        return output().lines().filter(l -> l.contains(name + " = ")).findFirst().orElseThrow()
                .split(" = ")[1].split(" ")[0];
    }

    private static String functionOf(Path template) throws IOException {
        JsonNode resources = JSON.readTree(template.toFile()).path("Resources");
        List<String> functions = new ArrayList<>();
        resources.properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.add(r.getKey());
            }
        });
        assertThat(functions).hasSize(1);
        return functions.getFirst();
    }

    /** Runs the stack's function with {@code payload}; its answer. */
    private JsonNode invoke(String stack, String function, String endpoint, String payload) throws IOException {
        assertThat(stacks("invoke", stack, function, "--endpoint", endpoint, "--payload", payload)).as(output()).isZero();
        return JSON.readTree(output());
    }

    @Test
    void theSynthesizedFunctionConversesThroughItsProfileAndIsDeniedAnother() throws IOException {
        assertThat(stacks("deploy", chatTemplate.toString(), "--stack-name", "OutcropChat")).as(output()).isZero();
        assertThat(output()).startsWith("OutcropChat CREATE_COMPLETE");
        String profileArn = outputValue("ProfileArn");
        String function = functionOf(chatTemplate);

        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient root = outcrop.bedrock()) {
            String endpoint = outcrop.endpoint().toString();
            assertThat(root.getInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn)).models())
                    .extracting(m -> m.modelArn()).contains("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0");

            assertThat(invoke("OutcropChat", function, endpoint, "{}").path("outcome").asText()).isEqualTo("allowed");

            String other = root.createInferenceProfile(r -> r.inferenceProfileName("other").modelSource(s -> s.copyFrom(
                    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"))).inferenceProfileArn();
            assertThat(invoke("OutcropChat", function, endpoint, "{\"modelId\": \"" + other + "\"}")
                    .path("outcome").asText()).isEqualTo("AccessDeniedException");
        }
    }

    @Test
    void aCallThroughTheInferenceProfileReachesTheBackendWithItsConfiguration() throws IOException {
        // The whole stack, the Prompt that is the configuration's half for AWS included.
        int deployed = stacks("deploy", configuredTemplate.toString(), "--stack-name", "OutcropConfigured");
        assertThat(deployed).as(output()).isZero();
        String configured = outputValue("ConfiguredProfileArn");
        String function = functionOf(configuredTemplate);

        try (FakeOpenAiServer backend = new FakeOpenAiServer();
             TestOutcrop outcrop = TestOutcrop.start(OpenAiBackends.deployment(HAIKU, backend, dataDir))) {
            backend.answer(OpenAiBackends.textStream(10, 3, "Hello", " there"));
            JsonNode answer = invoke("OutcropConfigured", function, outcrop.endpoint().toString(),
                    "{\"modelId\": \"" + configured + "\"}");

            assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("allowed");
            assertThat(answer.path("text").asText()).isEqualTo("Hello there");
            assertThat(backend.requests()).hasSize(1);
            JsonNode sent = JSON.readTree(backend.requests().getFirst());
            assertThat(sent.path("temperature").asDouble()).isEqualTo(0.7);
            assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
            assertThat(sent.path("max_tokens").asInt()).isEqualTo(2000);
            assertThat(sent.path("top_k").asInt()).isEqualTo(40);
            assertThat(sent.path("stop").toString()).isEqualTo("[\"Human:\",\"Assistant:\"]");
        }
    }
}
