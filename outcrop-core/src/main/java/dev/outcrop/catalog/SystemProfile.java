package dev.outcrop.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A system-defined (cross-region) inference profile of the catalog.
 *
 * <p>Its destinations depend on the source region the call is made from, exactly as the catalog gives
 * them; a profile whose routes lack a region is not offered in that region.
 *
 * @param id e.g. {@code us.anthropic.claude-3-haiku-20240307-v1:0}
 * @param name the API's {@code inferenceProfileName}
 * @param geo the geography prefix ({@code us}, {@code eu}, ..., {@code global})
 * @param modelId the foundation model it routes to
 * @param modelDisplayName used to write the description
 * @param global whether it routes to all commercial regions
 * @param routes destination regions by source region, in the order the API lists them
 * @param observedDescriptions descriptions captured from the real API, by source region
 * @param createdAt creation time shown by the API
 * @param updatedAt update time shown by the API
 */
public record SystemProfile(String id, String name, String geo, String modelId, String modelDisplayName,
                            boolean global, Map<String, List<String>> routes,
                            Map<String, String> observedDescriptions, Instant createdAt, Instant updatedAt) {

    /** Copies the maps and checks the required members. */
    public SystemProfile {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(geo, "geo");
        requireNonNull(modelId, "modelId");
        requireNonNull(modelDisplayName, "modelDisplayName");
        routes = Map.copyOf(routes);
        observedDescriptions = Map.copyOf(observedDescriptions);
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether the profile can be used from {@code sourceRegion}. */
    public boolean offeredIn(String sourceRegion) {
        return routes.containsKey(sourceRegion);
    }

    /** The destination regions reachable from {@code sourceRegion}; empty when not offered there. */
    public Optional<List<String>> destinations(String sourceRegion) {
        return Optional.ofNullable(routes.get(sourceRegion));
    }

    /** The description the API shows in {@code sourceRegion}. */
    public String description(String sourceRegion) {
        String observed = observedDescriptions.get(sourceRegion);
        if (observed != null) {
            return observed;
        }
        if (global) {
            return "Routes requests to " + modelDisplayName + " globally across all supported AWS Regions.";
        }
        List<String> regions = routes.getOrDefault(sourceRegion, List.of());
        return "Routes requests to " + modelDisplayName + " in " + joinRegions(regions) + ".";
    }

    private static String joinRegions(List<String> regions) {
        if (regions.size() <= 1) {
            return String.join("", regions);
        }
        return String.join(", ", regions.subList(0, regions.size() - 1)) + " and " + regions.getLast();
    }
}
