package dev.outcrop.app;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A real Outcrop for a test class, in the manner of Armeria's {@code ServerExtension}: started before the first test
 * on port 0 over a temporary data directory, stopped after the last, with the SDK clients it handed out.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OutcropServerExtension server = new OutcropServerExtension();
 * }</pre>
 */
final class OutcropServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<OutcropConfig> customisation;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Path dataDir;
    private TestOutcrop outcrop;

    /** An Outcrop with the default configuration. */
    OutcropServerExtension() {
        this(UnaryOperator.identity());
    }

    /** An Outcrop whose configuration (the defaults over its data directory) {@code customisation} changes. */
    OutcropServerExtension(UnaryOperator<OutcropConfig> customisation) {
        this.customisation = customisation;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("outcrop-test");
        outcrop = TestOutcrop.start(customisation.apply(OutcropConfig.defaults().withDataDir(dataDir)));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
        outcrop.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The running server, for what the shortcuts below do not cover. */
    TestOutcrop outcrop() {
        return outcrop;
    }

    /** Where the server listens, {@code http://127.0.0.1:port}. */
    URI endpoint() {
        return outcrop.endpoint();
    }

    /** The root principal's access key. */
    StaticCredentialsProvider rootCredentials() {
        return TestOutcrop.CREDENTIALS;
    }

    /** A control-plane client (HTTP/1.1, us-east-1, root), closed with the server. */
    BedrockClient bedrock() {
        return closedAfterAll(outcrop::bedrock);
    }

    /** A control-plane client (HTTP/1.1, root) signing for {@code region}, closed with the server. */
    BedrockClient bedrock(Region region) {
        return closedAfterAll(() -> outcrop.bedrock(region));
    }

    /** A runtime client (HTTP/1.1, us-east-1, root), closed with the server. */
    BedrockRuntimeClient runtime() {
        return closedAfterAll(outcrop::runtime);
    }

    /** A runtime client over h2c with prior knowledge (streaming operations), closed with the server. */
    BedrockRuntimeAsyncClient runtimeAsyncH2c() {
        return closedAfterAll(outcrop::runtimeAsyncH2c);
    }

    private synchronized <C extends AutoCloseable> C closedAfterAll(Supplier<C> client) {
        if (outcrop == null) {
            throw new IllegalStateException("the server starts before the first test of its class");
        }
        C created = client.get();
        clients.add(created);
        return created;
    }
}
