package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.resource.internal.IdempotentCreate;
import dev.outcrop.resource.internal.Pages;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import dev.outcrop.tag.TaggableResources;
import dev.outcrop.cluster.ReadThroughCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The prompt-router control plane: {@code ListPromptRouters}, {@code GetPromptRouter}, {@code CreatePromptRouter},
 * {@code DeletePromptRouter}, and the look-up of a router for the runtime.
 *
 * <p>Inputs arrive checked against the Smithy model; this class checks what the model cannot (see
 * {@link RouterModels}), that names are unique, and what an idempotency token was used for.
 */
public final class PromptRouterService implements TaggableResources {
    /** Page size when the caller gives no {@code maxResults}: the model's maximum. */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    /** How long the runtime trusts a found custom router when no change notice reaches it first. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int ID_LENGTH = 12;

    private final DefaultRouters defaults;
    private final RouterModels models;
    private final RouterStore store;
    private final Clock clock;
    private final ChangeFeed changes;
    private final IdempotentCreate<PromptRouter> creates;
    private final ReadThroughCache<String, Optional<PromptRouter>> resolved = new ReadThroughCache<>(CACHE_TTL,
            Optional::isPresent, ReadThroughCache.Absences.WHILE_AWAY, System::nanoTime);

    /** Creates the service; {@code changes} carries router deletions between nodes. */
    public PromptRouterService(Catalog catalog, TargetResolver targets, RouterStore store, Clock clock,
                               ChangeFeed changes) {
        this.defaults = new DefaultRouters(catalog);
        this.models = new RouterModels(catalog, targets);
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.changes = requireNonNull(changes, "changes");
        this.creates = new IdempotentCreate<>(store, changes, "prompt router", ID_LENGTH);
        changes.keepsCurrent(Change.Kind.ROUTER, resolved);
    }

    /** One page of a listing. */
    public record Page(List<PromptRouter> items, String nextToken) {
        /** Copies the list. */
        public Page {
            items = List.copyOf(items);
        }
    }

    /** Lists routers of one type ({@code default} when null, the model's default). */
    public Page list(RequestScope scope, PromptRouterType type, Integer maxResults, String nextToken) {
        PromptRouterType listed = type == null ? PromptRouterType.DEFAULT : type;
        int limit = maxResults == null ? DEFAULT_PAGE_SIZE : maxResults;
        String listing = "prompt-routers:" + listed.wire() + ':' + scope.region();
        String after = Pages.after(nextToken, listing);
        Pages.Page<PromptRouter> page = listed == PromptRouterType.DEFAULT
                ? Pages.ofList(defaults.offered(scope), PromptRouter::id, listing, after, limit)
                : Pages.ofStore(store, scope, listing, after, limit);
        return new Page(page.items(), page.nextToken());
    }

    /** Reads a router by ARN, as stored now. */
    public PromptRouter get(RequestScope scope, String routerArn) {
        return find(scope, routerArn).orElseThrow(() -> notFound(routerArn));
    }

    /** The default or custom router an ARN names in the caller's account and region, as stored now. */
    public Optional<PromptRouter> find(RequestScope scope, String routerArn) {
        return lookUp(scope, routerArn, false);
    }

    /**
     * The router an ARN names, for the runtime: a custom router is cached (see {@link #CACHE_TTL}) and served
     * from what this node knows while the store cannot be reached.
     */
    public Optional<PromptRouter> resolve(RequestScope scope, String routerArn) {
        return lookUp(scope, routerArn, true);
    }

    private Optional<PromptRouter> lookUp(RequestScope scope, String routerArn, boolean cached) {
        Optional<Arn> parsed = Arn.parse(routerArn);
        if (parsed.isEmpty() || !isCallers(scope, parsed.get())) {
            return Optional.empty();
        }
        Arn arn = parsed.get();
        return switch (arn.resourceType()) {
            case ResourceTypes.DEFAULT_PROMPT_ROUTER -> defaults.find(scope, arn.resourceId());
            case ResourceTypes.PROMPT_ROUTER -> cached
                    ? resolved.get(cacheKey(scope, arn.resourceId()),
                            key -> store.find(scope.accountId(), scope.region(), arn.resourceId()))
                    : store.find(scope.accountId(), scope.region(), arn.resourceId());
            default -> Optional.empty();
        };
    }

    /** What a new router is made of, as the request gives it. */
    public record NewRouter(String name, String description, List<String> modelArns, String fallbackModelArn,
                            double responseQualityDifference, String clientRequestToken, List<Tag> tags) {
        /** Copies the lists. */
        public NewRouter {
            requireNonNull(name, "name");
            modelArns = List.copyOf(modelArns);
            requireNonNull(fallbackModelArn, "fallbackModelArn");
            tags = List.copyOf(tags);
        }
    }

    /**
     * Creates a custom router. A repeated {@code clientRequestToken} with the same parameters answers the first
     * result; with other parameters it is a conflict.
     *
     * @return the router's ARN
     */
    public String create(RequestScope scope, NewRouter request) {
        TagService.checkNewTags(request.tags());
        if (request.tags().size() > TagService.MAX_TAGS) {
            throw TagService.tooMany(Arn.of(scope.partition(), scope.region(), scope.accountId(),
                    ResourceTypes.PROMPT_ROUTER, "*").toString());
        }
        String fingerprint = IdempotentCreate.fingerprint(request.tags(), request.name(), request.description(),
                String.join(",", request.modelArns()), request.fallbackModelArn(), request.responseQualityDifference());
        Optional<String> replayed = creates.replay(scope, request.clientRequestToken(), fingerprint);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        models.check(scope, request.modelArns(), request.fallbackModelArn(), request.responseQualityDifference());
        RoutingMode mode = modeOf(request.tags());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return creates.insert(scope, id -> new PromptRouter(id, PromptRouterType.CUSTOM, scope.accountId(),
                scope.region(), request.name(), request.description(), request.modelArns(), request.fallbackModelArn(),
                request.responseQualityDifference(), mode, now, now, request.clientRequestToken(), fingerprint, 0),
                request.tags(), fingerprint);
    }

    private static RoutingMode modeOf(List<Tag> tags) {
        for (Tag tag : tags) {
            if (tag.key().equals(PromptRouter.MODE_TAG)) {
                for (RoutingMode mode : RoutingMode.values()) {
                    if (mode.tagValue().equals(tag.value())) {
                        return mode;
                    }
                }
                throw new ValidationException("1 validation error detected: Value '" + tag.value() + "' at 'tags' "
                        + "failed to satisfy constraint: the tag " + PromptRouter.MODE_TAG
                        + " must be 'predict' or 'cascade'.");
            }
        }
        return RoutingMode.PREDICT;
    }

    /**
     * Sets how a custom router routes: {@link RoutingMode#PREDICT} (Bedrock's way) or {@link RoutingMode#CASCADE},
     * checking the cheaper model's answer for {@code escalateOn} (empty: {@link CascadeCheck#DEFAULTS}), and for
     * {@link CascadeCheck#LOW_CONFIDENCE} against {@code minConfidence} (null: the default). Nothing of this shows
     * on Bedrock's wire: {@code GetPromptRouter} answers as before.
     *
     * @return the router as configured
     * @throws ValidationException for a default router, checks given to a predicting router, or a
     *         {@code minConfidence} out of (0, 1) or without {@link CascadeCheck#LOW_CONFIDENCE}
     */
    public PromptRouter configure(RequestScope scope, String routerArn, RoutingMode mode, Set<CascadeCheck> escalateOn,
                                  Double minConfidence) {
        requireNonNull(mode, "mode");
        PromptRouter router = find(scope, routerArn).orElseThrow(() -> notFound(routerArn));
        if (router.type() == PromptRouterType.DEFAULT) {
            throw new ValidationException("The prompt router " + routerArn + " is a default prompt router; only custom "
                    + "prompt routers can be configured.");
        }
        if (mode == RoutingMode.PREDICT && escalateOn != null && !escalateOn.isEmpty()) {
            throw new ValidationException("escalateOn applies to the cascade mode only.");
        }
        Set<CascadeCheck> checks = escalateOn == null || escalateOn.isEmpty() ? CascadeCheck.DEFAULTS : escalateOn;
        if (minConfidence != null && (mode != RoutingMode.CASCADE || !checks.contains(CascadeCheck.LOW_CONFIDENCE))) {
            throw new ValidationException("minConfidence applies to a cascade that checks low-confidence only.");
        }
        if (minConfidence != null && !(minConfidence > 0 && minConfidence < 1)) {
            throw new ValidationException("1 validation error detected: Value '" + minConfidence + "' at "
                    + "'minConfidence' failed to satisfy constraint: Member must be greater than 0 and less than 1");
        }
        PromptRouter configured = router.withRouting(mode, checks,
                minConfidence != null ? minConfidence : CascadeCheck.DEFAULT_MIN_CONFIDENCE,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        boolean updated = store.configure(configured);
        changes.publish(new Change(Change.Kind.ROUTER, cacheKey(scope, router.id())));
        if (!updated) {
            throw notFound(routerArn);
        }
        return configured;
    }

    /** Deletes a custom router; a default router cannot be deleted. */
    public void delete(RequestScope scope, String routerArn) {
        PromptRouter router = find(scope, routerArn).orElseThrow(() -> notFound(routerArn));
        if (router.type() == PromptRouterType.DEFAULT) {
            throw new ValidationException("The prompt router " + routerArn
                    + " is a default prompt router and cannot be deleted. Only custom prompt routers can be deleted.");
        }
        String arn = router.arn(scope.partition()).toString();
        boolean deleted = store.delete(scope.accountId(), scope.region(), router.id(), arn);
        changes.publish(new Change(Change.Kind.ROUTER, cacheKey(scope, router.id())));
        changes.publish(new Change(Change.Kind.TAGS, arn));
        if (!deleted) {
            throw notFound(routerArn);
        }
    }

    @Override
    public Taggability taggability(RequestScope scope, Arn arn) {
        return switch (arn.resourceType()) {
            case ResourceTypes.PROMPT_ROUTER -> find(scope, arn.toString()).isPresent()
                    ? Taggability.TAGGABLE : Taggability.NOT_FOUND;
            case ResourceTypes.DEFAULT_PROMPT_ROUTER -> find(scope, arn.toString()).isPresent()
                    ? Taggability.SERVICE_MANAGED : Taggability.NOT_FOUND;
            default -> Taggability.NOT_FOUND;
        };
    }

    /** Whether an ARN is of a router type (default or custom), whatever it names. */
    public static boolean isRouterArn(Arn arn) {
        return arn.resourceType().equals(ResourceTypes.PROMPT_ROUTER)
                || arn.resourceType().equals(ResourceTypes.DEFAULT_PROMPT_ROUTER);
    }

    private static String cacheKey(RequestScope scope, String id) {
        return scope.accountId() + '/' + scope.region() + '/' + id;
    }

    private static boolean isCallers(RequestScope scope, Arn arn) {
        return arn.service().equals("bedrock") && arn.partition().equals(scope.partition())
                && arn.region().equals(scope.region()) && arn.account().equals(scope.accountId());
    }

    private static ResourceNotFoundException notFound(String routerArn) {
        return new ResourceNotFoundException("The prompt router " + routerArn + " was not found.");
    }
}
