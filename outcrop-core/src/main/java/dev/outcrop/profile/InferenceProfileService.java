package dev.outcrop.profile;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.catalog.SystemProfile;
import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.resource.internal.IdempotentCreate;
import dev.outcrop.resource.internal.Pages;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import dev.outcrop.tag.TaggableResources;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inference-profile control plane: {@code ListInferenceProfiles}, {@code GetInferenceProfile},
 * {@code CreateInferenceProfile}, {@code DeleteInferenceProfile}.
 *
 * <p>Inputs arrive already checked against the Smithy model's constraints (lengths, patterns, ranges);
 * this class checks what the model cannot: that a source exists in the caller's region, that names are
 * unique, what an idempotency token was used for. It reads the store itself (it reads its own writes and those of
 * every node); the runtime looks profiles up through {@link ProfileResolver}.
 */
public final class InferenceProfileService implements TaggableResources {
    /** Page size when the caller gives no {@code maxResults}: the model's maximum. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    private final Catalog catalog;
    private final ProfileStore store;
    private final Clock clock;
    private final ChangeFeed changes;
    private final IdempotentCreate<ApplicationProfile> creates;
    /** Creates the service for one node. */
    public InferenceProfileService(Catalog catalog, ProfileStore store, Clock clock) {
        this(catalog, store, clock, new ChangeFeed());
    }

    /** Creates the service; {@code changes} tells every node's {@link ProfileResolver} of a deleted profile. */
    public InferenceProfileService(Catalog catalog, ProfileStore store, Clock clock, ChangeFeed changes) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.changes = requireNonNull(changes, "changes");
        this.creates = new IdempotentCreate<>(store, changes, "inference profile",
                ProfileIdentifiers.APPLICATION_ID_LENGTH);
    }

    /** One page of a listing. */
    public record Page(List<InferenceProfile> items, String nextToken) {
        /** Copies the list. */
        public Page {
            items = List.copyOf(items);
        }
    }

    /** What {@link #create} answers: the profile's ARN. */
    public record Created(String inferenceProfileArn) {}

    /**
     * Lists profiles of one type (system-defined when {@code type} is null, as Bedrock does).
     *
     * @param maxResults page size, or null for {@value #DEFAULT_PAGE_SIZE}
     * @param nextToken the previous page's token, or null
     */
    public Page list(RequestScope scope, InferenceProfileType type, Integer maxResults, String nextToken) {
        InferenceProfileType listed = type == null ? InferenceProfileType.SYSTEM_DEFINED : type;
        int limit = maxResults == null ? DEFAULT_PAGE_SIZE : maxResults;
        String listing = "inference-profiles:" + listed + ':' + scope.region();
        String after = Pages.after(nextToken, listing);
        Pages.Page<InferenceProfile> page = listed == InferenceProfileType.SYSTEM_DEFINED
                ? Pages.ofList(catalog.systemProfiles().stream().filter(p -> p.offeredIn(scope.region())).toList(),
                        SystemProfile::id, listing, after, limit).map(p -> view(scope, p))
                : Pages.ofStore(store, scope, listing, after, limit).map(p -> p.view(scope.partition()));
        return new Page(page.items(), page.nextToken());
    }

    /** Reads a profile by id or ARN. */
    public InferenceProfile get(RequestScope scope, String identifier) {
        return find(scope, identifier).orElseThrow(() -> notFound(identifier));
    }

    /**
     * Finds a profile by id or ARN in the caller's region: a system-defined profile offered there, or an
     * application profile of the caller's account created there.
     */
    public Optional<InferenceProfile> find(RequestScope scope, String identifier) {
        return findSystem(scope, identifier).map(p -> view(scope, p))
                .or(() -> findApplication(scope, identifier).map(p -> p.view(scope.partition())));
    }

    /** The system-defined profile an id or ARN names, if it is offered in the caller's region. */
    public Optional<SystemProfile> findSystem(RequestScope scope, String identifier) {
        return ProfileIdentifiers.system(catalog, scope, identifier);
    }

    /**
     * The application profile an id or ARN names, in the caller's account and region, as stored now: the
     * control plane reads its own writes and those of every other node.
     */
    public Optional<ApplicationProfile> findApplication(RequestScope scope, String identifier) {
        return ProfileIdentifiers.applicationId(scope, identifier).flatMap(id -> store.find(scope.accountId(), scope.region(), id));
    }

    /**
     * Creates an application profile from a foundation-model ARN or a system-defined profile ARN.
     * A repeated {@code clientRequestToken} with the same parameters answers the first result.
     */
    public Created create(RequestScope scope, String name, String description, String copyFrom,
                          String clientRequestToken, List<Tag> tags) {
        TagService.checkNewTags(tags);
        if (tags.size() > TagService.MAX_TAGS) {
            throw new ValidationException("A resource can have at most " + TagService.MAX_TAGS + " tags; the request has "
                    + tags.size() + ".");
        }
        String fingerprint = IdempotentCreate.fingerprint(tags, name, description, copyFrom);
        Optional<String> replayed = creates.replay(scope, clientRequestToken, fingerprint);
        if (replayed.isPresent()) {
            return new Created(replayed.get());
        }
        List<String> models = modelsOf(scope, copyFrom);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Created(creates.insert(scope, id -> new ApplicationProfile(id, scope.accountId(), scope.region(),
                name, description, copyFrom, models, now, now, clientRequestToken, fingerprint, 0), tags, fingerprint));
    }

    /** The foundation-model ARNs an application profile copied from {@code copyFrom} routes to. */
    private List<String> modelsOf(RequestScope scope, String copyFrom) {
        Arn source = Arn.parse(copyFrom).orElseThrow(() -> invalidSource(copyFrom));
        if (!source.partition().equals(scope.partition()) || !source.service().equals("bedrock")) {
            throw invalidSource(copyFrom);
        }
        if (!source.region().equals(scope.region())) {
            throw new ValidationException("The model source " + copyFrom + " is in region '" + source.region()
                    + "', but the inference profile is being created in '" + scope.region()
                    + "'. Copy from a model or profile of " + scope.region() + ".");
        }
        return switch (source.resourceType()) {
            case ResourceTypes.FOUNDATION_MODEL -> {
                FoundationModel model = catalog.model(source.resourceId())
                        .filter(m -> m.availableIn(scope.region()))
                        .orElseThrow(() -> new ResourceNotFoundException("The foundation model "
                                + source.resourceId() + " is not available in " + scope.region() + "."));
                if (!model.onDemand()) {
                    throw new ValidationException("The foundation model " + model.modelId()
                            + " can only be called through an inference profile in " + scope.region()
                            + ". Copy from a system-defined inference profile that contains it.");
                }
                yield List.of(copyFrom);
            }
            case ResourceTypes.INFERENCE_PROFILE -> {
                // A system-defined profile belongs to no account: the account part of its ARN is the caller's
                // own on AWS, so any account in it names the same profile.
                SystemProfile profile = catalog.systemProfile(source.resourceId())
                        .filter(p -> p.offeredIn(scope.region()))
                        .orElseThrow(() -> new ResourceNotFoundException("The inference profile "
                                + source.resourceId() + " is not offered in " + scope.region() + "."));
                yield modelArns(scope, profile);
            }
            default -> throw invalidSource(copyFrom);
        };
    }

    private static ValidationException invalidSource(String copyFrom) {
        return new ValidationException("The model source must be the ARN of a foundation model or of a "
                + "system-defined inference profile: " + copyFrom);
    }

    /** Deletes an application profile; system-defined profiles cannot be deleted. */
    public void delete(RequestScope scope, String identifier) {
        if (findSystem(scope, identifier).isPresent()) {
            throw new ValidationException("The inference profile " + identifier
                    + " is system-defined and cannot be deleted. Only application inference profiles can be deleted.");
        }
        ApplicationProfile profile = findApplication(scope, identifier).orElseThrow(() -> notFound(identifier));
        boolean deleted = store.delete(scope.accountId(), scope.region(), profile.id(), profile.arn(scope.partition()).toString());
        changes.publish(new Change(Change.Kind.PROFILE, ProfileResolver.changeKey(scope.accountId(), scope.region(), profile.id())));
        changes.publish(new Change(Change.Kind.TAGS, profile.arn(scope.partition()).toString()));
        if (!deleted) {
            throw notFound(identifier);
        }
    }

    @Override
    public Taggability taggability(RequestScope scope, Arn arn) {
        return switch (arn.resourceType()) {
            case ResourceTypes.APPLICATION_INFERENCE_PROFILE -> findApplication(scope, arn.toString()).isPresent()
                    ? Taggability.TAGGABLE : Taggability.NOT_FOUND;
            case ResourceTypes.INFERENCE_PROFILE -> findSystem(scope, arn.toString()).isPresent()
                    ? Taggability.SERVICE_MANAGED : Taggability.NOT_FOUND;
            default -> Taggability.NOT_FOUND;
        };
    }

    /** The API view of a system-defined profile as seen from the caller's region. */
    public InferenceProfile view(RequestScope scope, SystemProfile profile) {
        String arn = Arn.of(scope.partition(), scope.region(), scope.accountId(), ResourceTypes.INFERENCE_PROFILE,
                profile.id()).toString();
        return new InferenceProfile(profile.name(), profile.description(scope.region()), profile.createdAt(),
                profile.updatedAt(), arn, modelArns(scope, profile), profile.id(), "ACTIVE",
                InferenceProfileType.SYSTEM_DEFINED);
    }

    /**
     * The {@code models} of a system-defined profile from the caller's region: one foundation-model ARN a
     * destination; a global profile shows its source region and a region-less ARN, as AWS does.
     */
    private List<String> modelArns(RequestScope scope, SystemProfile profile) {
        if (profile.global()) {
            return List.of(Arn.foundationModel(scope.partition(), scope.region(), profile.modelId()).toString(),
                    Arn.foundationModel(scope.partition(), "", profile.modelId()).toString());
        }
        List<String> arns = new ArrayList<>();
        for (String region : profile.destinations(scope.region()).orElse(List.of())) {
            arns.add(Arn.foundationModel(scope.partition(), region, profile.modelId()).toString());
        }
        return arns;
    }

    private static ResourceNotFoundException notFound(String identifier) {
        return new ResourceNotFoundException("The inference profile " + identifier + " was not found.");
    }
}
