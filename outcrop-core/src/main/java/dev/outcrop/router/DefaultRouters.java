package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.DefaultPromptRouter;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.catalog.SystemProfile;
import dev.outcrop.context.RequestScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's default (AWS-managed) prompt routers as a caller in one region sees them. Like Bedrock's, each
 * routes through the cross-region profiles of the caller's geography; a router is offered in a region only
 * when both of its models can be reached from there.
 */
final class DefaultRouters {
    /**
     * The response quality difference of the default routers. AWS does not publish theirs; this is Outcrop's
     * choice, shown on the wire so that callers see what decides.
     */
    public static final double QUALITY_DIFFERENCE = 10;
    /** When the default routers appeared (the public preview of intelligent prompt routing). */
    static final Instant CREATED_AT = Instant.parse("2024-12-04T00:00:00Z");

    private final Catalog catalog;

    /** Creates the view over a catalog. */
    public DefaultRouters(Catalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog");
    }

    /** The default routers offered in the caller's region, in catalog order. */
    public List<PromptRouter> offered(RequestScope scope) {
        List<PromptRouter> routers = new ArrayList<>();
        for (DefaultPromptRouter router : catalog.defaultPromptRouters()) {
            view(scope, router).ifPresent(routers::add);
        }
        return routers;
    }

    /** The default router with this id, if it is offered in the caller's region. */
    public Optional<PromptRouter> find(RequestScope scope, String id) {
        return catalog.defaultPromptRouter(id).flatMap(r -> view(scope, r));
    }

    private Optional<PromptRouter> view(RequestScope scope, DefaultPromptRouter router) {
        List<String> arns = new ArrayList<>();
        for (String modelId : router.modelIds()) {
            Optional<String> arn = reachable(scope, modelId);
            if (arn.isEmpty()) {
                return Optional.empty();
            }
            arns.add(arn.get());
        }
        // The catalog lists the cheaper model first; the stronger one serves when nothing can be predicted.
        return Optional.of(new PromptRouter(router.id(), PromptRouterType.DEFAULT, scope.accountId(), scope.region(),
                router.name(), "Routes requests among models in the " + familyOf(router) + " family", arns,
                arns.getLast(), QUALITY_DIFFERENCE, RoutingMode.PREDICT, CREATED_AT, CREATED_AT, null, null, 0));
    }

    private String familyOf(DefaultPromptRouter router) {
        return catalog.model(router.modelIds().getFirst()).map(FoundationModel::providerName).orElse(router.name());
    }

    /**
     * How a default router reaches a model from the caller's region: the model's geographic cross-region
     * profile offered there, else the model itself when it runs there on demand.
     */
    private Optional<String> reachable(RequestScope scope, String modelId) {
        for (SystemProfile profile : catalog.systemProfiles()) {
            if (profile.modelId().equals(modelId) && !profile.global() && profile.offeredIn(scope.region())) {
                return Optional.of(Arn.of(scope.partition(), scope.region(), scope.accountId(),
                        ResourceTypes.INFERENCE_PROFILE, profile.id()).toString());
            }
        }
        return catalog.model(modelId).filter(m -> m.availableIn(scope.region()) && m.onDemand())
                .map(m -> m.arn(scope.partition(), scope.region()).toString());
    }
}
