package dev.outcrop.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Bedrock's system-defined inference profiles, copied from the reference catalog by scripts/cdk-catalog.py, so that a
 * profile that does not exist fails at synth time instead of at deploy or call time.
 */
final class SystemInferenceProfileCatalog {
    private static final String RESOURCE = "system-inference-profiles.json";
    /**
     * A global profile's destinations are written ALL_COMMERCIAL_REGIONS: any Region ("*") and the Region-less model
     * ARN ("") that AWS documents for global cross-Region inference.
     */
    static final List<String> ANY_REGION = List.of("*", "");
    // After ANY_REGION, which loading uses.
    private static final SystemInferenceProfileCatalog INSTANCE = load();

    /** One system profile and, per source Region, the Regions its calls may be routed to. */
    record SystemProfile(String inferenceProfileId, String geo, String modelId, Map<String, List<String>> routesBySourceRegion) {
        boolean callableFrom(String region) {
            return routesBySourceRegion.containsKey(region);
        }

        /** The destination Regions seen from a source Region, or from any source when the Region is unknown (null). */
        List<String> destinationsFrom(String sourceRegion) {
            if (sourceRegion != null) {
                return routesBySourceRegion.get(sourceRegion);
            }
            var all = new TreeSet<String>();
            routesBySourceRegion.values().forEach(all::addAll);
            return List.copyOf(all);
        }
    }

    private final List<SystemProfile> profiles;

    private SystemInferenceProfileCatalog(List<SystemProfile> profiles) {
        this.profiles = profiles;
    }

    static SystemInferenceProfileCatalog get() {
        return INSTANCE;
    }

    Optional<SystemProfile> find(CrossRegionInferenceProfileRegion geo, String modelId) {
        return profiles.stream().filter(p -> p.geo().equals(geo.getPrefix()) && p.modelId().equals(modelId)).findFirst();
    }

    List<String> geographiesOf(String modelId) {
        return profiles.stream().filter(p -> p.modelId().equals(modelId)).map(SystemProfile::geo).distinct().sorted().toList();
    }

    /**
     * The geography a stack in this Region uses for the model: the first regional one (in the enum's order) whose profile
     * accepts calls from the Region, else the global one.
     */
    Optional<CrossRegionInferenceProfileRegion> geographyFor(String modelId, String region) {
        for (var geo : CrossRegionInferenceProfileRegion.values()) {
            if (find(geo, modelId).filter(p -> p.callableFrom(region)).isPresent()) {
                return Optional.of(geo);
            }
        }
        return Optional.empty();
    }

    /** Every Region some profile of the model accepts calls from. */
    List<String> sourceRegionsOf(String modelId) {
        return profiles.stream().filter(p -> p.modelId().equals(modelId))
                .flatMap(p -> p.routesBySourceRegion().keySet().stream()).distinct().sorted().toList();
    }

    List<String> modelIds() {
        return profiles.stream().map(SystemProfile::modelId).distinct().sorted().toList();
    }

    private static SystemInferenceProfileCatalog load() {
        try (InputStream in = SystemInferenceProfileCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the outcrop-cdk jar");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            var profiles = new ArrayList<SystemProfile>();
            for (JsonNode p : root.get("inferenceProfiles")) {
                var routes = new LinkedHashMap<String, List<String>>();
                p.get("routesBySourceRegion").properties().forEach(e -> routes.put(e.getKey(), destinations(e.getValue())));
                profiles.add(new SystemProfile(p.get("inferenceProfileId").asText(), p.get("geo").asText(),
                        p.get("modelId").asText(), Map.copyOf(routes)));
            }
            return new SystemInferenceProfileCatalog(List.copyOf(profiles));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> destinations(JsonNode node) {
        var regions = new ArrayList<String>();
        if (node.isTextual()) {
            node = new ObjectMapper().createArrayNode().add(node.asText());
        }
        for (JsonNode r : node) {
            if (r.asText().equals("ALL_COMMERCIAL_REGIONS")) {
                return ANY_REGION;
            }
            regions.add(r.asText());
        }
        return List.copyOf(regions);
    }
}
