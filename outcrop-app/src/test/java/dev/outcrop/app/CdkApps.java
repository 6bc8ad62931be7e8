package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Java CDK apps synthesized in a test (the CDK's core runs through jsii on this machine's Node.js, one runtime
 * per JVM: synthesize every stack a class needs in one App), and the function those apps carry.
 */
final class CdkApps {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The AWS SDK for JavaScript the functions require, as Lambda's runtime carries it. */
    static final Path SDK = Path.of("..", "conformance", "node_modules", "@aws-sdk", "client-bedrock-runtime")
            .toAbsolutePath().normalize();
    /** The seeds' function, calling Converse through the profile the event names or BEDROCK_PROFILE. */
    static final String HANDLER = """
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
            };""".replace("SDK", SDK.toString().replace("\\", "/"));

    private CdkApps() {}

    /** Whether {@code npm ci --prefix conformance} ran, so a function can call Bedrock. */
    static boolean sdkInstalled() {
        return Files.isDirectory(SDK);
    }

    /** Synthesizes the App {@code stacks} fills into {@code outdir}. */
    static CloudAssembly synth(Path outdir, Consumer<App> stacks) {
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        stacks.accept(app);
        return app.synth();
    }

    /** The template CDK wrote for stack {@code name}. */
    static Path template(CloudAssembly assembly, String name) {
        return Path.of(assembly.getStackByName(name).getTemplateFullPath());
    }

    /** The logical id of the template's only {@code AWS::Lambda::Function}. */
    static String functionOf(Path template) throws IOException {
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
}
