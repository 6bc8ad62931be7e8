package dev.outcrop.invoke;

import java.util.Optional;

/** Where each foundation model runs: the deployment and provider for a model in a region. */
public interface Deployments {

    /** A deployment with the provider that serves it. */
    record Bound(Deployment deployment, ModelProvider provider) {}

    /** The deployment of {@code modelId} in {@code region}, if there is one. */
    Optional<Bound> find(String modelId, String region);
}
