package dev.outcrop.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockAsyncClient;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** A real Outcrop on port 0 over a temporary data directory, and real AWS SDK clients pointed at it. */
final class TestOutcrop implements AutoCloseable {
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(TestOutcrop.ROOT_KEY, TestOutcrop.ROOT_SECRET));
    static final String ROOT_KEY = "AKIAOUTCROPTESTROOT1";
    static final String ROOT_SECRET = "secret-for-tests-only";
    static final Map<String, String> ENV = Map.of("OUTCROP_ROOT_ACCESS_KEY_ID", ROOT_KEY,
            "OUTCROP_ROOT_SECRET_ACCESS_KEY", ROOT_SECRET);

    private final Outcrop outcrop;

    private TestOutcrop(Outcrop outcrop) {
        this.outcrop = outcrop;
    }

    static TestOutcrop start(Path dataDir) {
        return start(OutcropConfig.defaults().withDataDir(dataDir));
    }

    /** Starts with {@code config} on port 0 and an instant simulator, so tests wait for nothing. */
    static TestOutcrop start(OutcropConfig config) {
        return start(config, Map.of());
    }

    /** As {@link #start(OutcropConfig)}, with {@code env} added to the process environment it sees. */
    static TestOutcrop start(OutcropConfig config, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(ENV);
        all.putAll(env);
        try {
            return new TestOutcrop(Outcrop.start(config.withPort(0)
                    .with(new SimulatorConfig(true, 7L, 0, 0, 300)), all));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Outcrop outcrop() {
        return outcrop;
    }

    private String adminToken;

    /** {@code Authorization} for raw HTTP calls: a Bedrock API key of the root principal. */
    synchronized String rootBearer() {
        if (adminToken == null) {
            adminToken = outcrop.identity().createApiKey("root", java.time.Duration.ofHours(1)).token();
        }
        return "Bearer " + adminToken;
    }

    /** A GET of {@code path} as root, over HTTP/1.1; the body. */
    String adminGet(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(endpoint().resolve(path))
                    .header("Authorization", rootBearer()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A synchronous runtime client (HTTP/1.1). */
    BedrockRuntimeClient runtime() {
        return runtime(Region.US_EAST_1);
    }

    /** A synchronous runtime client (HTTP/1.1) signing for {@code region}. */
    BedrockRuntimeClient runtime(Region region) {
        return sync(BedrockRuntimeClient.builder(), region).build();
    }

    /** An asynchronous runtime client speaking cleartext HTTP/2 with prior knowledge (streaming operations). */
    BedrockRuntimeAsyncClient runtimeAsyncH2c() {
        return BedrockRuntimeAsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).build())
                .overrideConfiguration(noRetries())
                .build();
    }

    URI endpoint() {
        return URI.create(outcrop.url());
    }

    int port() {
        return outcrop.port();
    }

    /** A synchronous control-plane client (HTTP/1.1) signing for {@code region}. */
    BedrockClient bedrock(Region region) {
        return sync(BedrockClient.builder(), region).build();
    }

    /** Points a synchronous SDK client at this server, over HTTP/1.1, signing for {@code region}. */
    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B sync(B builder, Region region) {
        return builder.endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(CREDENTIALS)
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(noRetries());
    }

    BedrockClient bedrock() {
        return bedrock(Region.US_EAST_1);
    }

    /** A synchronous Prompt management ({@code bedrock-agent}) client (HTTP/1.1). */
    software.amazon.awssdk.services.bedrockagent.BedrockAgentClient agent() {
        return sync(software.amazon.awssdk.services.bedrockagent.BedrockAgentClient.builder(), Region.US_EAST_1).build();
    }

    /** An asynchronous control-plane client speaking cleartext HTTP/2 with prior knowledge. */
    BedrockAsyncClient bedrockAsyncH2c() {
        return BedrockAsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).build())
                .overrideConfiguration(noRetries())
                .build();
    }

    static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public void close() {
        outcrop.close();
    }
}
