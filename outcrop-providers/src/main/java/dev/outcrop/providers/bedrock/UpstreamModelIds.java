package dev.outcrop.providers.bedrock;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.catalog.SystemProfile;
import java.util.Comparator;
import java.util.Optional;

/**
 * The id Outcrop calls Bedrock with for a model in a region: the model id where Bedrock serves it on demand (so
 * Outcrop's own routing chose the region), or else the system inference profile of that source region that
 * serves it (a geography's before the global one), and Bedrock routes within it.
 */
public final class UpstreamModelIds {
    private UpstreamModelIds() {}

    /** The upstream id of {@code modelId} called in {@code region}. */
    public static String of(Catalog catalog, String modelId, String region) {
        Optional<FoundationModel> model = catalog.model(modelId);
        if (model.isPresent() && model.get().onDemand() && model.get().availableIn(region)) {
            return modelId;
        }
        return catalog.systemProfiles().stream()
                .filter(p -> p.modelId().equals(modelId) && p.offeredIn(region))
                .min(Comparator.comparing(SystemProfile::global))
                .map(SystemProfile::id)
                .orElse(modelId);
    }
}
