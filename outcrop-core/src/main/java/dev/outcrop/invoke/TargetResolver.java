package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.catalog.SystemProfile;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.profile.ApplicationProfile;
import dev.outcrop.profile.ProfileResolver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a runtime {@code modelId} (foundation-model id or ARN, system profile id or ARN, application
 * profile ARN) in the caller's region into a {@link Target}.
 */
public final class TargetResolver {
    private final Catalog catalog;
    private final ProfileResolver profiles;

    /** Creates the resolver. */
    public TargetResolver(Catalog catalog, ProfileResolver profiles) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.profiles = requireNonNull(profiles, "profiles");
    }

    /**
     * Resolves {@code modelId}.
     *
     * @throws ValidationException for an identifier that names nothing callable here, as Bedrock answers it
     * @throws ResourceNotFoundException for an application profile that does not exist
     */
    public Target resolve(RequestScope scope, String modelId) {
        Optional<Arn> arn = Arn.looksLikeArn(modelId) ? Arn.parse(modelId) : Optional.empty();
        if (Arn.looksLikeArn(modelId) && arn.isEmpty()) {
            throw invalid(modelId);
        }
        String type = arn.map(Arn::resourceType).orElse(null);
        if (ResourceTypes.APPLICATION_INFERENCE_PROFILE.equals(type)) {
            ApplicationProfile profile = profiles.resolveApplication(scope, modelId).orElseThrow(() ->
                    new ResourceNotFoundException("The inference profile " + modelId + " was not found."));
            return application(scope, profile);
        }
        Optional<SystemProfile> system = profiles.findSystem(scope, modelId);
        if (system.isPresent()) {
            SystemProfile p = system.get();
            String profileArn = Arn.of(scope.partition(), scope.region(), scope.accountId(),
                    ResourceTypes.INFERENCE_PROFILE, p.id()).toString();
            return new Target.SystemProfileTarget(p.id(), p.modelId(), profileArn, sourceFirst(scope.region(),
                    p.destinations(scope.region()).orElseThrow()), scope.region());
        }
        if (type == null || ResourceTypes.FOUNDATION_MODEL.equals(type)) {
            String id = arn.map(Arn::resourceId).orElse(modelId);
            if (arn.isPresent() && !arn.get().region().equals(scope.region())) {
                throw invalid(modelId);
            }
            FoundationModel model = catalog.model(id).filter(m -> m.availableIn(scope.region()))
                    .orElseThrow(() -> invalid(modelId));
            if (!model.onDemand()) {
                throw new ValidationException("Invocation of model ID " + model.modelId() + " with on-demand throughput "
                        + "isn't supported. Retry your request with the ID or ARN of an inference profile that "
                        + "contains this model.");
            }
            return new Target.FoundationModelTarget(model.modelId(),
                    model.arn(scope.partition(), scope.region()).toString(), List.of(scope.region()), scope.region());
        }
        throw invalid(modelId);
    }

    private Target application(RequestScope scope, ApplicationProfile profile) {
        Arn source = Arn.parse(profile.sourceArn()).orElseThrow();
        String arn = profile.arn(scope.partition()).toString();
        if (source.resourceType().equals(ResourceTypes.INFERENCE_PROFILE)) {
            SystemProfile system = catalog.systemProfile(source.resourceId()).orElseThrow(() ->
                    new ResourceNotFoundException("The source of inference profile " + arn + " no longer exists."));
            return new Target.ApplicationProfileTarget(profile.id(), system.modelId(), arn,
                    sourceFirst(scope.region(), system.destinations(profile.region()).orElse(List.of(profile.region()))),
                    scope.region());
        }
        return new Target.ApplicationProfileTarget(profile.id(), source.resourceId(), arn, List.of(source.region()),
                scope.region());
    }

    /** The destinations with the source region first when it is one of them, the rest in catalog order. */
    private static List<String> sourceFirst(String source, List<String> destinations) {
        Set<String> ordered = new LinkedHashSet<>();
        if (destinations.contains(source)) {
            ordered.add(source);
        }
        ordered.addAll(destinations);
        return new ArrayList<>(ordered);
    }

    private static ValidationException invalid(String modelId) {
        return new ValidationException("The provided model identifier is invalid: " + modelId);
    }
}
