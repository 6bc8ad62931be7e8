package dev.outcrop.catalog;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import java.util.List;
import java.util.Set;

/**
 * A foundation model of the catalog and the regions it runs in.
 *
 * @param modelId e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param modelName display name
 * @param providerName e.g. {@code Anthropic}
 * @param family the native request/response body family used by {@code InvokeModel}
 * @param inputModalities {@code TEXT}, {@code IMAGE}, ...
 * @param outputModalities {@code TEXT}, {@code IMAGE}, {@code EMBEDDING}
 * @param responseStreamingSupported whether the model streams
 * @param customizationsSupported {@code FINE_TUNING}, ...
 * @param inferenceTypesSupported {@code ON_DEMAND}, {@code PROVISIONED}, {@code INFERENCE_PROFILE}
 * @param lifecycleStatus {@code ACTIVE} or {@code LEGACY}
 * @param regions the regions the model runs in
 */
public record FoundationModel(String modelId, String modelName, String providerName, String family,
                              List<String> inputModalities, List<String> outputModalities,
                              boolean responseStreamingSupported, List<String> customizationsSupported,
                              List<String> inferenceTypesSupported, String lifecycleStatus, Set<String> regions) {

    /** Copies the collections and checks the required members. */
    public FoundationModel {
        requireNonNull(modelId, "modelId");
        requireNonNull(modelName, "modelName");
        requireNonNull(providerName, "providerName");
        requireNonNull(family, "family");
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
        customizationsSupported = List.copyOf(customizationsSupported);
        inferenceTypesSupported = List.copyOf(inferenceTypesSupported);
        requireNonNull(lifecycleStatus, "lifecycleStatus");
        regions = Set.copyOf(regions);
    }

    /** Whether the model can be called directly in a region (not only through an inference profile). */
    public boolean onDemand() {
        return inferenceTypesSupported.contains("ON_DEMAND");
    }

    /** Whether the model runs in {@code region}. */
    public boolean availableIn(String region) {
        return regions.contains(region);
    }

    /** The model's ARN in {@code region}. */
    public Arn arn(String partition, String region) {
        return Arn.foundationModel(partition, region, modelId);
    }
}
