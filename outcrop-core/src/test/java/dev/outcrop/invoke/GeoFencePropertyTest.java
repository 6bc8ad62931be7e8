package dev.outcrop.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.catalog.SystemProfile;
import dev.outcrop.error.BedrockException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The geo fence as a property over the whole catalog: for every system-defined profile, from every source
 * region, under arbitrary deployment health, load and exclusions, a call is only ever placed in one of the
 * profile's destinations for that source region. Trials are drawn from a fixed seed, so a failure repeats.
 */
class GeoFencePropertyTest {
    private static final int TRIALS_PER_ROUTE = 25;
    private static final ModelProvider NO_CALLS = new ModelProvider() {
        @Override
        public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
            throw new AssertionError("the router does not call providers");
        }
    };

    /** A deployment of every model in every region of the catalog: the router alone must keep the fence. */
    private static final Deployments EVERYWHERE = (model, region) -> Optional.of(new Deployments.Bound(
            new Deployment(model, region, "test", null, model, Duration.ofSeconds(1), Duration.ofSeconds(1)), NO_CALLS));

    @Test
    void noCallEverLeavesTheDestinationsOfItsSourceRegion() {
        Catalog catalog = CatalogLoader.builtIn();
        SplittableRandom random = new SplittableRandom(20261122);
        long[] clock = {1_000_000_000L};
        int placed = 0;
        for (SystemProfile profile : catalog.systemProfiles()) {
            for (var route : profile.routes().entrySet()) {
                String source = route.getKey();
                Set<String> fence = Set.copyOf(route.getValue());
                DeploymentRouter router = new DeploymentRouter(EVERYWHERE,
                        bound -> new Capacity(random.nextInt(3), random.nextInt(2) * 1000L), RoutingPolicy.DEFAULTS,
                        () -> clock[0], random::nextInt);
                Target target = new Target.SystemProfileTarget(profile.id(), profile.modelId(), "arn", route.getValue(), source);
                for (int trial = 0; trial < TRIALS_PER_ROUTE; trial++) {
                    Set<String> excluded = new HashSet<>();
                    for (String region : catalog.regions()) {
                        if (random.nextInt(5) == 0) {
                            excluded.add(region);
                        }
                    }
                    try {
                        DeploymentRouter.Lease lease = router.acquire(target, random.nextInt(2000), excluded, b -> true);
                        assertThat(fence).as("%s from %s", profile.id(), source).contains(lease.region());
                        assertThat(excluded).doesNotContain(lease.region());
                        placed++;
                        switch (random.nextInt(4)) {
                            case 0 -> lease.failed(new dev.outcrop.error.ServiceUnavailableException("down"));
                            case 1 -> lease.failed(new dev.outcrop.error.ThrottlingException("busy"));
                            case 2 -> lease.firstEvent();
                            default -> { } // left in flight
                        }
                        if (random.nextBoolean()) {
                            lease.release(random.nextInt(2000));
                        }
                    } catch (BedrockException refused) {
                        // every candidate busy, throttled or ejected: refusing is inside the fence too
                    }
                    clock[0] += random.nextLong(3_000_000_000L);
                }
            }
        }
        assertThat(placed).isGreaterThan(1000);
    }

    @Test
    void routesUnderTheFenceAreEveryRouteOfTheReference() {
        Catalog catalog = CatalogLoader.builtIn();
        long routes = catalog.systemProfiles().stream().mapToLong(p -> p.routes().size()).sum();
        assertThat(routes).isGreaterThan(500);
        assertThat(List.copyOf(catalog.systemProfiles())).hasSize(105);
    }
}
