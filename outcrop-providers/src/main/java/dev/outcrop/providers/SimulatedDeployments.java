package dev.outcrop.providers;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.Deployments;
import dev.outcrop.invoke.ModelProvider;
import java.time.Duration;
import java.util.Optional;

/** The zero-configuration deployments: every catalog model, in every region it runs in, simulated. */
public final class SimulatedDeployments implements Deployments {
    private final Catalog catalog;
    private final ModelProvider simulator;
    private final Duration timeout;
    private final Duration firstByteTimeout;

    /** Creates the deployments over the catalog. */
    public SimulatedDeployments(Catalog catalog, ModelProvider simulator, Duration timeout, Duration firstByteTimeout) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.simulator = requireNonNull(simulator, "simulator");
        this.timeout = requireNonNull(timeout, "timeout");
        this.firstByteTimeout = requireNonNull(firstByteTimeout, "firstByteTimeout");
    }

    @Override
    public Optional<Bound> find(String modelId, String region) {
        return catalog.model(modelId).filter(m -> m.availableIn(region)).map(m -> new Bound(
                new Deployment(modelId, region, "simulator", null, modelId, timeout, firstByteTimeout), simulator));
    }
}
