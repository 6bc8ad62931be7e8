package dev.outcrop.providers.bedrock;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * How Outcrop proves itself to Bedrock: SigV4 with credentials of the AWS SDK's providers, or a Bedrock API key.
 * Its {@code toString} never shows a secret.
 */
public sealed interface BedrockAuth {

    /** The headers that authenticate a POST of {@code body} to {@code uri} for {@code region}, added to {@code headers}. */
    Map<String, String> headers(URI uri, String region, Map<String, String> headers, byte[] body);

    /**
     * SigV4, service {@code bedrock}, by the SDK's own signer, with credentials resolved per call from
     * {@code credentials} (the SDK's providers cache and refresh them themselves).
     */
    static BedrockAuth sigV4(AwsCredentialsProvider credentials) {
        return new SigV4(credentials);
    }

    /** A Bedrock API key ({@code AWS_BEARER_TOKEN_BEDROCK}), sent as a bearer token. */
    static BedrockAuth apiKey(String key) {
        return new ApiKey(key);
    }

    /** SigV4 signing. */
    record SigV4(AwsCredentialsProvider credentials) implements BedrockAuth {
        private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

        /** Checks the member. */
        public SigV4 {
            requireNonNull(credentials, "credentials");
        }

        @Override
        public Map<String, String> headers(URI uri, String region, Map<String, String> headers, byte[] body) {
            SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
            headers.forEach(request::putHeader);
            AwsCredentialsIdentity identity = credentials.resolveCredentials();
            SignedRequest signed = SIGNER.sign(r -> r.identity(identity).request(request.build())
                    .payload(() -> new java.io.ByteArrayInputStream(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            Map<String, String> out = new java.util.LinkedHashMap<>();
            signed.request().headers().forEach((name, values) -> out.put(name, String.join(",", values)));
            return out;
        }

        @Override
        public String toString() {
            return "SigV4(" + credentials.getClass().getSimpleName() + ")";
        }
    }

    /** A bearer API key. */
    record ApiKey(String key) implements BedrockAuth {
        /** Checks the member. */
        public ApiKey {
            requireNonNull(key, "key");
        }

        @Override
        public Map<String, String> headers(URI uri, String region, Map<String, String> headers, byte[] body) {
            Map<String, String> out = new java.util.LinkedHashMap<>(headers);
            out.put("Authorization", "Bearer " + key);
            return out;
        }

        @Override
        public String toString() {
            return "ApiKey(***)";
        }
    }
}
