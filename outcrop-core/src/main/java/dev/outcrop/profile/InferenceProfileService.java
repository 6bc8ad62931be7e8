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
import dev.outcrop.error.ConflictException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import dev.outcrop.tag.TaggableResources;
import dev.outcrop.util.Digests;
import dev.outcrop.util.PageToken;
import dev.outcrop.util.ResourceIds;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
    private static final int MAX_ID_ATTEMPTS = 5;

    private final Catalog catalog;
    private final ProfileStore store;
    private final Clock clock;
    private final ChangeFeed changes;
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
        String after = nextToken == null ? null : PageToken.decode(nextToken, listing).afterKey();
        return listed == InferenceProfileType.SYSTEM_DEFINED
                ? listSystem(scope, listing, after, limit)
                : listApplication(scope, listing, after, limit);
    }

    private Page listSystem(RequestScope scope, String listing, String after, int limit) {
        List<SystemProfile> offered = catalog.systemProfiles().stream().filter(p -> p.offeredIn(scope.region()))
                .toList();
        int start = 0;
        if (after != null) {
            // Resume after the last id served; the catalog does not change while the process runs.
            int index = indexOf(offered, after);
            start = index < 0 ? offered.size() : index + 1;
        }
        int end = Math.min(offered.size(), start + limit);
        List<InferenceProfile> items = offered.subList(start, end).stream().map(p -> view(scope, p)).toList();
        String next = end < offered.size() ? new PageToken(listing, offered.get(end - 1).id()).encode() : null;
        return new Page(items, next);
    }

    private static int indexOf(List<SystemProfile> profiles, String id) {
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private Page listApplication(RequestScope scope, String listing, String after, int limit) {
        long afterSequence = 0;
        if (after != null) {
            try {
                afterSequence = Long.parseLong(after);
            } catch (NumberFormatException e) {
                PageToken.decode("", listing); // throws the invalid-token error
            }
        }
        // One more than asked tells whether another page exists without a second query.
        List<ApplicationProfile> rows = store.list(scope.accountId(), scope.region(), afterSequence, limit + 1);
        boolean more = rows.size() > limit;
        List<ApplicationProfile> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new PageToken(listing, Long.toString(page.getLast().sequence())).encode() : null;
        return new Page(page.stream().map(p -> p.view(scope.partition())).toList(), next);
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
        String fingerprint = fingerprint(name, description, copyFrom, tags);
        if (clientRequestToken != null) {
            Optional<ApplicationProfile> earlier = store.findByToken(scope.accountId(), scope.region(), clientRequestToken);
            if (earlier.isPresent()) {
                return replay(scope, earlier.get(), fingerprint);
            }
        }
        List<String> models = modelsOf(scope, copyFrom);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            String id = ResourceIds.newId(ProfileIdentifiers.APPLICATION_ID_LENGTH);
            ApplicationProfile profile = new ApplicationProfile(id, scope.accountId(), scope.region(), name,
                    description, copyFrom, models, now, now, clientRequestToken, fingerprint, 0);
            ProfileStore.InsertResult result = store.insert(profile, tags, profile.arn(scope.partition()).toString());
            switch (result) {
                case ProfileStore.InsertResult.Inserted inserted -> {
                    String arn = inserted.profile().arn(scope.partition()).toString();
                    if (!tags.isEmpty()) { // a node may have cached that this ARN, asked for before, has no tags
                        changes.publish(new Change(Change.Kind.TAGS, arn));
                    }
                    return new Created(arn);
                }
                case ProfileStore.InsertResult.NameTaken taken -> throw new ConflictException(
                        "An inference profile with the name '" + taken.name() + "' already exists in "
                                + scope.region() + ".");
                case ProfileStore.InsertResult.TokenTaken token -> {
                    return replay(scope, token.existing(), fingerprint);
                }
                case ProfileStore.InsertResult.IdTaken idTaken -> {
                    // drawn again by the next attempt
                }
            }
        }
        throw new IllegalStateException("could not draw a free profile id in " + MAX_ID_ATTEMPTS + " attempts");
    }

    private Created replay(RequestScope scope, ApplicationProfile earlier, String fingerprint) {
        if (!earlier.requestFingerprint().equals(fingerprint)) {
            throw new ConflictException("The clientRequestToken '" + earlier.clientRequestToken()
                    + "' was already used to create a different inference profile ("
                    + earlier.arn(scope.partition()) + "). Use a new token for a new request.");
        }
        return new Created(earlier.arn(scope.partition()).toString());
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

    private static String fingerprint(String name, String description, String copyFrom, List<Tag> tags) {
        StringBuilder text = new StringBuilder().append(name).append('\0').append(description).append('\0')
                .append(copyFrom);
        tags.stream().sorted(Comparator.comparing(Tag::key))
                .forEach(t -> text.append('\0').append(t.key()).append('=').append(t.value()));
        return HexFormat.of().formatHex(Digests.sha256(text.toString()));
    }
}
