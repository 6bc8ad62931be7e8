package dev.outcrop.profile;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.SystemProfile;
import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.cluster.ReadThroughCache;
import dev.outcrop.context.RequestScope;
import java.time.Duration;
import java.util.Optional;

/**
 * The runtime's lookup of the profile a {@code modelId} names: system-defined profiles from the catalog,
 * application profiles through a cache the change feed keeps current, served from what this node knows while the
 * store cannot be reached. (The control plane, {@link InferenceProfileService}, reads the store itself.)
 */
public final class ProfileResolver {
    /**
     * How long the runtime trusts a found application profile before the store is asked again, when no
     * change notice reaches it first.
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final Catalog catalog;
    private final ProfileStore store;
    /**
     * A profile created anywhere is visible at once (an absence is read again while the store answers, and served
     * only while it is away); one deleted on another node is gone when its change notice arrives, within
     * {@link #CACHE_TTL} at worst.
     */
    private final ReadThroughCache<String, Optional<ApplicationProfile>> resolved = new ReadThroughCache<>(CACHE_TTL,
            Optional::isPresent, ReadThroughCache.Absences.WHILE_AWAY, System::nanoTime);

    /** Creates the resolver; {@code changes} carries profile deletions from every node. */
    public ProfileResolver(Catalog catalog, ProfileStore store, ChangeFeed changes) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.store = requireNonNull(store, "store");
        changes.keepsCurrent(Change.Kind.PROFILE, resolved);
    }

    /** The system-defined profile an id or ARN names, if it is offered in the caller's region. */
    public Optional<SystemProfile> findSystem(RequestScope scope, String identifier) {
        return ProfileIdentifiers.system(catalog, scope, identifier);
    }

    /** The application profile an id or ARN names, in the caller's account and region (cached: see {@link #CACHE_TTL}). */
    public Optional<ApplicationProfile> resolveApplication(RequestScope scope, String identifier) {
        return ProfileIdentifiers.applicationId(scope, identifier).flatMap(id -> resolved.get(
                changeKey(scope.accountId(), scope.region(), id), key -> store.find(scope.accountId(), scope.region(), id)));
    }

    /** The key of a {@link Change.Kind#PROFILE} change that ends what this resolver knows of a profile. */
    static String changeKey(String accountId, String region, String id) {
        return accountId + '/' + region + '/' + id;
    }
}
