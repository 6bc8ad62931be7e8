package dev.outcrop.app;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ValidationException;
import dev.outcrop.iam.WorkloadPolicy;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.invoke.Target;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.InferenceProfile;
import dev.outcrop.profile.InferenceProfileService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload credentials, the equivalent of the CDK's {@code grantProfileUsage} and of the
 * Lambda-to-inference-profile pattern: a role whose only policy is the use of one profile, an access key
 * for it, and the environment a workload needs.
 */
final class Workloads {
    private final IdentityService identity;
    private final InferenceProfileService profiles;
    private final TargetResolver targets;
    private final OutcropConfig config;

    Workloads(IdentityService identity, InferenceProfileService profiles, TargetResolver targets, OutcropConfig config) {
        this.identity = requireNonNull(identity, "identity");
        this.profiles = requireNonNull(profiles, "profiles");
        this.targets = requireNonNull(targets, "targets");
        this.config = requireNonNull(config, "config");
    }

    /** What a new workload gets: its role, its policy, and the environment to run with (secret included, once). */
    record Created(String principal, String policy, Map<String, String> environment) {
        @Override
        public String toString() {
            return "Created[" + principal + "]";
        }
    }

    /**
     * Creates role {@code name} allowed exactly the use of {@code profile} (an id or ARN, in {@code region}).
     *
     * @param endpoint the URL workloads reach Outcrop at, for the environment
     */
    Created create(String name, String profile, String region, String endpoint) {
        RequestScope scope = new RequestScope(config.account().partitionName(), config.account().id(),
                region != null ? region : regionOf(profile));
        InferenceProfile found = profiles.find(scope, profile).orElseThrow(() ->
                new ValidationException("No inference profile " + profile + " in " + scope.region() + "."));
        Target target = targets.resolve(scope, found.inferenceProfileArn());
        List<String> modelArns = target.destinations().stream()
                .map(r -> Arn.foundationModel(scope.partition(), r, target.modelId()).toString()).toList();
        String policy = WorkloadPolicy.forProfile(found.inferenceProfileArn(), modelArns);
        Principal role = identity.createPrincipal(name, Principal.Kind.ROLE);
        identity.putPolicy(name, "UseProfile", policy);
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        env.put("AWS_REGION", scope.region());
        env.put("AWS_ENDPOINT_URL_BEDROCK", endpoint);
        env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", endpoint);
        env.put("BEDROCK_PROFILE", found.inferenceProfileArn());
        env.put("BEDROCK_MODEL", target.modelId());
        return new Created(role.name(), policy, env);
    }

    private String regionOf(String profile) {
        return Arn.parse(profile).map(Arn::region).filter(r -> !r.isEmpty()).orElse(config.account().defaultRegion());
    }
}
