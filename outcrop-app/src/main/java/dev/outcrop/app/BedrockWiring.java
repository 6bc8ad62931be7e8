package dev.outcrop.app;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.providers.DeploymentTable;
import dev.outcrop.providers.bedrock.BedrockAuth;
import dev.outcrop.providers.bedrock.BedrockProvider;
import dev.outcrop.providers.bedrock.S3Locations;
import dev.outcrop.providers.bedrock.UpstreamModelIds;
import dev.outcrop.providers.http.UpstreamHttpClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The Bedrock provider and its deployments from the configuration: the {@code provider: bedrock} entries of
 * {@code deployments} and the catalog mapped by the {@code bedrock} section, each called by its upstream id
 * ({@link UpstreamModelIds}).
 */
final class BedrockWiring {
    private static final Logger LOG = LoggerFactory.getLogger(BedrockWiring.class);

    private BedrockWiring() {}

    /** The provider, authenticated as {@code config} says with what {@code env} holds. */
    static BedrockProvider provider(BedrockConfig config, Map<String, String> env, UpstreamHttpClient http) {
        BedrockAuth auth = switch (config.credentials()) {
            case CHAIN -> BedrockAuth.sigV4(chain(env));
            case ROLE -> BedrockAuth.sigV4(assumedRole(config, env));
            case API_KEY -> BedrockAuth.apiKey(env.get(config.apiKeyEnv()));
        };
        S3Locations s3 = config.allowS3Locations() ? S3Locations.allowed(Set.copyOf(config.s3BucketOwners()))
                : S3Locations.refused();
        return new BedrockProvider(http, auth, Map.of(), s3);
    }

    /**
     * The SDK's default chain, read from the environment Outcrop was given (so that only {@code Main} reads the
     * process's): access keys in it first, then a shared credentials or config file it names, then the SDK's own
     * chain (web identity, container and instance roles among them).
     */
    static AwsCredentialsProvider chain(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token != null ? AwsSessionCredentials.create(key, secret, token)
                    : AwsBasicCredentials.create(key, secret));
        }
        String credentialsFile = env.get("AWS_SHARED_CREDENTIALS_FILE");
        String configFile = env.get("AWS_CONFIG_FILE");
        if (credentialsFile != null || configFile != null) {
            ProfileFile.Aggregator files = ProfileFile.aggregator();
            if (configFile != null) {
                files.addFile(ProfileFile.builder().content(Path.of(configFile)).type(ProfileFile.Type.CONFIGURATION).build());
            }
            if (credentialsFile != null) {
                files.addFile(ProfileFile.builder().content(Path.of(credentialsFile)).type(ProfileFile.Type.CREDENTIALS).build());
            }
            return ProfileCredentialsProvider.builder().profileFile(files.build())
                    .profileName(env.getOrDefault("AWS_PROFILE", "default")).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static AwsCredentialsProvider assumedRole(BedrockConfig config, Map<String, String> env) {
        String region = env.getOrDefault("AWS_REGION", config.regions().isEmpty() ? "us-east-1" : config.regions().getFirst());
        var builder = StsClient.builder().region(Region.of(region)).credentialsProvider(chain(env))
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = env.get("AWS_ENDPOINT_URL_STS"); // the SDK's own variable, read from Outcrop's environment
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        StsClient sts = builder.build();
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(config.roleArn()).roleSessionName("outcrop")).build();
    }

    /** The endpoint of {@code region}: a deployment's own URL, the section's for the region, or Bedrock's. */
    static URI endpoint(BedrockConfig config, String deploymentUrl, String region) {
        if (deploymentUrl != null) {
            return URI.create(deploymentUrl);
        }
        String configured = config.endpoints().get(region);
        return configured != null ? URI.create(configured) : BedrockProvider.defaultEndpoint(region);
    }

    /** A {@code provider: bedrock} entry's deployment in {@code region}. */
    static Deployment deployment(BedrockConfig config, Catalog catalog, DeploymentConfig d, String region) {
        String upstream = d.remoteModel().equals(d.model()) ? UpstreamModelIds.of(catalog, d.model(), region) : d.remoteModel();
        LOG.info("Bedrock deployment {}@{} calls {} at {}", d.model(), region, upstream, endpoint(config, d.url(), region));
        return new Deployment(d.model(), region, DeploymentConfig.Provider.BEDROCK.configName(),
                endpoint(config, d.url(), region), upstream, d.timeout(), d.firstByteTimeout());
    }

    /** Adds the catalog's models the {@code bedrock} section maps, save those {@code configured} names. */
    static void addMapped(DeploymentTable.Builder table, BedrockConfig config, Catalog catalog,
                          Set<String> configured, BedrockProvider provider) {
        Collection<FoundationModel> models = config.models().isEmpty() ? catalog.models()
                : config.models().stream().map(id -> catalog.model(id).orElseThrow()).toList();
        int count = 0;
        for (FoundationModel model : models) {
            if (configured.contains(model.modelId())) {
                continue;
            }
            for (String region : config.regions()) {
                boolean throughProfile = catalog.systemProfiles().stream()
                        .anyMatch(p -> p.modelId().equals(model.modelId()) && p.offeredIn(region));
                if (!model.availableIn(region) && !throughProfile) {
                    continue;
                }
                table.add(new Deployment(model.modelId(), region, DeploymentConfig.Provider.BEDROCK.configName(),
                        endpoint(config, null, region), UpstreamModelIds.of(catalog, model.modelId(), region),
                        config.timeout(), config.firstByteTimeout()), provider);
                count++;
            }
        }
        if (count > 0) {
            LOG.info("Bedrock serves {} deployments of the catalog in {}", count,
                    config.regions().stream().collect(Collectors.joining(", ")));
        }
    }

    /** The models named by entries of {@code deployments}. */
    static Set<String> configuredModels(List<DeploymentConfig> deployments) {
        return deployments.stream().map(DeploymentConfig::model).collect(Collectors.toSet());
    }
}
