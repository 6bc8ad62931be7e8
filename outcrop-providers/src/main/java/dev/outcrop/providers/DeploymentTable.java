package dev.outcrop.providers;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.Deployments;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deployments of the configuration, by model and region, in front of a fallback (the simulator, or
 * nothing) for the models the configuration does not name.
 *
 * <p>A model with any configured deployment is served only by its configured deployments: the fallback
 * never answers for it in another region, so a failover or a continuation never mixes simulated text into
 * a real model's answers. A region of such a model is simulated only when a deployment names the simulator
 * for it ({@code provider: simulator}).
 */
public final class DeploymentTable implements Deployments {
    private final Map<String, Bound> configured;
    private final Set<String> configuredModels;
    private final Deployments fallback;

    private DeploymentTable(Map<String, Bound> configured, Deployments fallback) {
        this.configured = Map.copyOf(configured);
        this.configuredModels = configured.values().stream().map(b -> b.deployment().modelId())
                .collect(Collectors.toUnmodifiableSet());
        this.fallback = fallback;
    }

    /** Starts a table whose unnamed pairs go to {@code fallback}. */
    public static Builder builder(Deployments fallback) {
        return new Builder(requireNonNull(fallback, "fallback"));
    }

    /** No deployment at all: for a configuration that switches the simulator off. */
    public static Deployments none() {
        return (model, region) -> Optional.empty();
    }

    @Override
    public Optional<Bound> find(String modelId, String region) {
        Bound bound = configured.get(modelId + "@" + region);
        if (bound != null) {
            return Optional.of(bound);
        }
        return configuredModels.contains(modelId) ? Optional.empty() : fallback.find(modelId, region);
    }

    /** Builds a {@link DeploymentTable}. */
    public static final class Builder {
        private final Deployments fallback;
        private final Map<String, Bound> configured = new HashMap<>();

        private Builder(Deployments fallback) {
            this.fallback = fallback;
        }

        /** Adds a deployment; a second one for the same model and region is an error. */
        public Builder add(Deployment deployment, dev.outcrop.invoke.ModelProvider provider) {
            if (configured.putIfAbsent(deployment.key(), new Bound(deployment, provider)) != null) {
                throw new IllegalArgumentException("two deployments of " + deployment.key());
            }
            return this;
        }

        /** Builds the table. */
        public DeploymentTable build() {
            return new DeploymentTable(configured, fallback);
        }
    }
}
