package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock behind Outcrop ({@code bedrock}; docs/providers.md): how Outcrop authenticates to it, where each
 * region's runtime endpoint is, and the one-line form that maps the whole catalog (or a list of models) to Bedrock
 * in given regions. Deployments with {@code provider: bedrock} use the same credentials and endpoints.
 *
 * @param credentials where Outcrop's credentials for Bedrock come from
 * @param roleArn the role Outcrop assumes through STS, for {@code credentials: role}
 * @param apiKeyEnv the environment variable holding a Bedrock API key, for {@code credentials: apiKey}
 * @param endpoints a runtime endpoint per region, in place of {@code https://bedrock-runtime.REGION.amazonaws.com}
 * @param regions the regions the catalog is mapped to Bedrock in (empty: none)
 * @param models the models mapped (empty: every model of the catalog)
 * @param timeout the longest a call of a mapped model may take in all
 * @param firstByteTimeout the longest to wait for a mapped model's first token
 * @param allowS3Locations whether content blocks may name objects in Amazon S3 ({@code s3Location}, {@code s3Uri}), which Bedrock
 *        reads with Outcrop's credentials
 * @param s3BucketOwners the accounts whose buckets such blocks may name (empty: any, once allowed)
 */
public record BedrockConfig(Credentials credentials, String roleArn, String apiKeyEnv, Map<String, String> endpoints,
                            List<String> regions, List<String> models, Duration timeout, Duration firstByteTimeout,
                            boolean allowS3Locations, List<String> s3BucketOwners) {
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");

    static final ConfigOption<Credentials> CREDENTIALS = ConfigOption.choice("credentials", Credentials.CHAIN,
            "chain: the AWS SDK's default provider chain (environment, shared profile, web identity, container, "
                    + "instance); role: a role assumed through STS with the chain's credentials; apiKey: a Bedrock API key");
    static final ConfigOption<String> ROLE_ARN_OPTION = ConfigOption.text("roleArn", null,
            "the role Outcrop assumes through STS").documentedDefault("required for role");
    static final ConfigOption<String> API_KEY_ENV = ConfigOption.text("apiKeyEnv", "AWS_BEARER_TOKEN_BEDROCK",
            "the environment variable holding the Bedrock API key, for apiKey (it must be set)");
    static final ConfigOption<Map<String, String>> ENDPOINTS = new ConfigOption<>("endpoints", "map of region to URL",
            Map.of(), "{}", "a region's runtime endpoint (VPC endpoint, proxy), in place of "
                    + "https://bedrock-runtime.REGION.amazonaws.com");
    static final ConfigOption<List<String>> REGIONS = ConfigOption.<String>list("regions", "regions", List.of(),
            "the regions the catalog's models are served by Bedrock in (empty: none)");
    static final ConfigOption<List<String>> MODELS = ConfigOption.<String>list("models", "model ids", List.of(),
            "the models served by Bedrock in those regions (empty: every model of the catalog)");
    static final ConfigOption<Duration> TIMEOUT = ConfigOption.millis("timeoutMs", Duration.ofMinutes(5),
            "the longest a call of a mapped model may take in all");
    static final ConfigOption<Duration> FIRST_BYTE_TIMEOUT = ConfigOption.millis("firstByteTimeoutMs",
            Duration.ofSeconds(30), "the longest to wait for a mapped model's first token");
    static final ConfigOption<Boolean> ALLOW_S3_LOCATIONS = ConfigOption.flag("allowS3Locations", false,
            "whether content blocks may name objects in Amazon S3 (s3Location, s3Uri), which Bedrock reads with Outcrop's "
                    + "credentials, not the caller's (see security.md); false: such a request is refused");
    static final ConfigOption<List<String>> S3_BUCKET_OWNERS = ConfigOption.<String>list("s3BucketOwners",
            "12-digit account ids", List.of(), "with allowS3Locations, the accounts an s3Location's bucketOwner must "
                    + "name (empty: any bucket Outcrop's credentials can read)");
    static final ConfigSection SECTION = new ConfigSection("bedrock", BedrockConfig.class, List.of(CREDENTIALS,
            ROLE_ARN_OPTION, API_KEY_ENV, ENDPOINTS, REGIONS, MODELS, TIMEOUT, FIRST_BYTE_TIMEOUT, ALLOW_S3_LOCATIONS,
            S3_BUCKET_OWNERS));
    static final BedrockConfig DEFAULT = new BedrockConfig(null, null, null, null, null, null, (Integer) null, null,
            null, null);

    /** Where Outcrop's credentials for Bedrock come from. */
    public enum Credentials implements ConfigChoice {
        /** The AWS SDK's default provider chain. */
        CHAIN("chain"),
        /** A role assumed through STS. */
        ROLE("role"),
        /** A Bedrock API key. */
        API_KEY("apiKey");

        private final String configName;

        Credentials(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public BedrockConfig(@JsonProperty("credentials") Credentials credentials, @JsonProperty("roleArn") String roleArn,
                         @JsonProperty("apiKeyEnv") String apiKeyEnv,
                         @JsonProperty("endpoints") Map<String, String> endpoints,
                         @JsonProperty("regions") List<String> regions, @JsonProperty("models") List<String> models,
                         @JsonProperty("timeoutMs") Integer timeoutMs,
                         @JsonProperty("firstByteTimeoutMs") Integer firstByteTimeoutMs,
                         @JsonProperty("allowS3Locations") Boolean allowS3Locations,
                         @JsonProperty("s3BucketOwners") List<String> s3BucketOwners) {
        this(CREDENTIALS.or(credentials), ROLE_ARN_OPTION.or(roleArn), API_KEY_ENV.or(apiKeyEnv),
                endpoints == null ? ENDPOINTS.defaultValue() : new LinkedHashMap<>(endpoints),
                List.copyOf(REGIONS.or(regions)), List.copyOf(MODELS.or(models)),
                TIMEOUT.orMillis(timeoutMs == null ? null : timeoutMs.longValue()),
                FIRST_BYTE_TIMEOUT.orMillis(firstByteTimeoutMs == null ? null : firstByteTimeoutMs.longValue()),
                ALLOW_S3_LOCATIONS.or(allowS3Locations), List.copyOf(S3_BUCKET_OWNERS.or(s3BucketOwners)));
    }

    /** Checks the members; {@code env} must hold the API key's variable when it is used. */
    void validate(Map<String, String> env, List<String> errors) {
        if (credentials == Credentials.ROLE && (roleArn == null || !ROLE_ARN.matcher(roleArn).matches())) {
            errors.add("bedrock.roleArn: " + (roleArn == null ? "missing" : "'" + roleArn + "'")
                    + " (expected: an IAM role ARN such as arn:aws:iam::123456789012:role/outcrop)");
        }
        if (credentials == Credentials.API_KEY && env.get(apiKeyEnv) == null) {
            errors.add("bedrock.apiKeyEnv: the environment variable " + apiKeyEnv + " is not set");
        }
        endpoints.forEach((region, url) -> {
            if (region == null || !AccountConfig.REGION.matcher(region).matches()) {
                errors.add("bedrock.endpoints: '" + region + "' (expected: a region name such as us-east-1)");
            }
            if (url == null || !url.matches("^https?://[^\\s/]+[^\\s]*$")) {
                errors.add("bedrock.endpoints." + region + ": " + (url == null ? "missing" : "'" + url + "'")
                        + " (expected: an http(s) URL such as https://vpce-0abc.bedrock-runtime.us-east-1.vpce.amazonaws.com)");
            }
        });
        for (String region : regions) {
            if (region == null || !AccountConfig.REGION.matcher(region).matches()) {
                errors.add("bedrock.regions: '" + region + "' (expected: a region name such as us-east-1)");
            }
        }
        if (!models.isEmpty()) {
            Catalog catalog = CatalogLoader.builtIn();
            for (String model : models) {
                if (model == null || catalog.model(model).isEmpty()) {
                    errors.add("bedrock.models: '" + model + "' is not a foundation model of the catalog");
                }
            }
        }
        if (!models.isEmpty() && regions.isEmpty()) {
            errors.add("bedrock.models: given without bedrock.regions (expected: the regions to serve them in)");
        }
        for (String owner : s3BucketOwners) {
            if (owner == null || !ACCOUNT_ID.matcher(owner).matches()) {
                errors.add("bedrock.s3BucketOwners: '" + owner + "' (expected: a 12-digit AWS account id such as 111122223333)");
            }
        }
        if (!s3BucketOwners.isEmpty() && !allowS3Locations) {
            errors.add("bedrock.s3BucketOwners: given without bedrock.allowS3Locations: true (expected: both, or neither)");
        }
        if (!timeout.isPositive() || !firstByteTimeout.isPositive()) {
            errors.add("bedrock.timeoutMs/firstByteTimeoutMs: must be 1 or more");
        }
    }
}
