package dev.outcrop.app;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockAsyncClient;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeBaseClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The AWS SDK for Java v2 as users configure it: a synchronous client over Apache or URL-connection HTTP/1.1,
 * or an asynchronous one over Netty, cleartext HTTP/2 with prior knowledge or HTTP/1.1. Default retries; only the
 * whole call is bounded in time.
 */
enum JavaSdkVariant {
    SYNC_APACHE("java-sync-apache"),
    SYNC_URL_CONNECTION("java-sync-urlconn"),
    ASYNC_NETTY_H2C("java-async-netty-h2c"),
    ASYNC_NETTY_HTTP1("java-async-netty-h1");

    private static final ClientOverrideConfiguration BOUNDED =
            ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).build();
    private final String client;

    JavaSdkVariant(String client) {
        this.client = client;
    }

    /** The client's name in the report. */
    String client() {
        return client;
    }

    /** How a client proves who it is: SigV4 with keys, or a Bedrock API key (the runtime only). */
    record Auth(AwsCredentialsProvider keys, String apiKey) {
        <B extends BedrockRuntimeBaseClientBuilder<B, ?>> B apply(B builder) {
            if (apiKey == null) {
                return builder.credentialsProvider(keys);
            }
            return builder.credentialsProvider(keys).tokenProvider(StaticTokenProvider.create(() -> apiKey))
                    .authSchemeProvider(params -> List.of(AuthSchemeOption.builder()
                            .schemeId("smithy.api#httpBearerAuth").build()));
        }
    }

    /** A control-plane and runtime client pair of this variant, signing for {@code region}. */
    SdkCalls open(URI endpoint, Region region, Auth auth) {
        return switch (this) {
            case SYNC_APACHE, SYNC_URL_CONNECTION -> new SyncSdkCalls(
                    BedrockClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(auth.keys())
                            .httpClient(syncHttp()).overrideConfiguration(BOUNDED).build(),
                    auth.apply(BedrockRuntimeClient.builder()).endpointOverride(endpoint).region(region)
                            .httpClient(syncHttp()).overrideConfiguration(BOUNDED).build());
            case ASYNC_NETTY_H2C, ASYNC_NETTY_HTTP1 -> new AsyncSdkCalls(
                    BedrockAsyncClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(auth.keys())
                            .httpClient(netty()).overrideConfiguration(BOUNDED).build(),
                    auth.apply(BedrockRuntimeAsyncClient.builder()).endpointOverride(endpoint).region(region)
                            .httpClient(netty()).overrideConfiguration(BOUNDED).build());
        };
    }

    private software.amazon.awssdk.http.SdkHttpClient syncHttp() {
        return this == SYNC_APACHE ? ApacheHttpClient.builder().build() : UrlConnectionHttpClient.builder().build();
    }

    private software.amazon.awssdk.http.async.SdkAsyncHttpClient netty() {
        return NettyNioAsyncHttpClient.builder()
                .protocol(this == ASYNC_NETTY_H2C ? Protocol.HTTP2 : Protocol.HTTP1_1).build();
    }
}
