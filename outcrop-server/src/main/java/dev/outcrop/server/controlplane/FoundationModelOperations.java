package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ValidationException;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code ListFoundationModels} and {@code GetFoundationModel} over the catalog. */
public final class FoundationModelOperations {
    private final Catalog catalog;
    private final AccessControl access;

    /** Creates the operations over the catalog. */
    public FoundationModelOperations(Catalog catalog, AccessControl access) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.access = requireNonNull(access, "access");
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("ListFoundationModels", this::list)
                .operation("GetFoundationModel", this::get);
    }

    /** {@code FoundationModelSummary} and {@code FoundationModelDetails}. */
    record ModelView(String modelArn, String modelId, String modelName, String providerName,
                     List<String> inputModalities, List<String> outputModalities, boolean responseStreamingSupported,
                     List<String> customizationsSupported, List<String> inferenceTypesSupported,
                     Lifecycle modelLifecycle) {
        static ModelView of(RequestScope scope, FoundationModel m) {
            return new ModelView(m.arn(scope.partition(), scope.region()).toString(), m.modelId(), m.modelName(),
                    m.providerName(), m.inputModalities(), m.outputModalities(), m.responseStreamingSupported(),
                    m.customizationsSupported(), m.inferenceTypesSupported(), new Lifecycle(m.lifecycleStatus()));
        }
    }

    /** {@code FoundationModelLifecycle}. */
    record Lifecycle(String status) {}

    record ListResponse(List<ModelView> modelSummaries) {}

    record GetResponse(ModelView modelDetails) {}

    private Reply list(OperationCall call) {
        access.require(call.caller(), call.scope().region(), "bedrock:ListFoundationModels", "*", k -> { });
        String provider = call.input().optionalString("byProvider");
        String customization = call.input().optionalString("byCustomizationType");
        String modality = call.input().optionalString("byOutputModality");
        String inferenceType = call.input().optionalString("byInferenceType");
        List<ModelView> models = catalog.models().stream()
                .filter(m -> m.availableIn(call.scope().region()))
                .filter(m -> provider == null
                        || m.providerName().toLowerCase(Locale.ROOT).equals(provider.toLowerCase(Locale.ROOT)))
                .filter(m -> customization == null || m.customizationsSupported().contains(customization))
                .filter(m -> modality == null || m.outputModalities().contains(modality))
                .filter(m -> inferenceType == null || m.inferenceTypesSupported().contains(inferenceType))
                .map(m -> ModelView.of(call.scope(), m))
                .toList();
        return new Reply.Json(new ListResponse(models));
    }

    private Reply get(OperationCall call) {
        String identifier = call.input().string("modelIdentifier");
        String resource = Arn.looksLikeArn(identifier) ? identifier
                : Arn.foundationModel(call.scope().partition(), call.scope().region(), identifier).toString();
        access.require(call.caller(), call.scope().region(), "bedrock:GetFoundationModel", resource, k -> { });
        return new Reply.Json(new GetResponse(ModelView.of(call.scope(), find(call.scope(), identifier)
                .orElseThrow(() -> new ValidationException("The provided model identifier is invalid: "
                        + identifier)))));
    }

    private Optional<FoundationModel> find(RequestScope scope, String identifier) {
        String id = identifier;
        if (Arn.looksLikeArn(identifier)) {
            Optional<Arn> arn = Arn.parse(identifier).filter(a -> a.resourceType().equals(ResourceTypes.FOUNDATION_MODEL)
                    && a.region().equals(scope.region()));
            if (arn.isEmpty()) {
                return Optional.empty();
            }
            id = arn.get().resourceId();
        }
        return catalog.model(id).filter(m -> m.availableIn(scope.region()));
    }
}
