package dev.outcrop.profileconfig;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.cluster.ReadThroughCache;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.profile.ApplicationProfile;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.ProfileResolver;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The inference configuration of application profiles: read and written by the admin API, the CLI and the
 * configuration file, and looked up (cached, as profiles are) by every runtime call through a profile.
 *
 * <p>A profile has none until it is configured; a profile created by {@code CreateInferenceProfile} starts
 * without one, whatever it was copied from. System-defined profiles carry none.
 */
public final class ProfileConfigurations {
    private final InferenceProfileService profiles;
    private final ProfileConfigStore store;
    private final Clock clock;
    private final ChangeFeed changes;
    /**
     * The configurations the runtime applies, by the profile's account/region/id (the key of profile changes, so
     * that a configuration change or a deletion published by any node drops the entry).
     */
    private final ReadThroughCache<String, StoredInferenceConfig> cached =
            ReadThroughCache.of(ProfileResolver.CACHE_TTL);

    /** Creates the service; {@code changes} carries configuration changes between nodes. */
    public ProfileConfigurations(InferenceProfileService profiles, ProfileConfigStore store, Clock clock,
                                 ChangeFeed changes) {
        this.profiles = requireNonNull(profiles, "profiles");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.changes = requireNonNull(changes, "changes");
        changes.keepsCurrent(Change.Kind.PROFILE, cached);
    }

    /**
     * The configuration of the application profile an id or ARN names, as stored now ({@link
     * StoredInferenceConfig#NONE} when it has none).
     */
    public StoredInferenceConfig get(RequestScope scope, String identifier) {
        ApplicationProfile profile = application(scope, identifier);
        return load(profile.accountId(), profile.region(), profile.id());
    }

    /**
     * Replaces the configuration of the application profile an id or ARN names ({@link StoredInferenceConfig#NONE}
     * removes it); every node applies it to calls within {@link ProfileResolver#CACHE_TTL}, at once where
     * the change feed reaches it.
     */
    public void configure(RequestScope scope, String identifier, StoredInferenceConfig config) {
        requireNonNull(config, "config");
        ApplicationProfile profile = application(scope, identifier);
        String document = config.isEmpty() ? null : StoredInferenceConfigJson.write(config).toString();
        boolean stored = store.storeConfiguration(profile.accountId(), profile.region(), profile.id(), document,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        changes.publish(new Change(Change.Kind.PROFILE, key(profile.accountId(), profile.region(), profile.id())));
        if (!stored) {
            throw notFound(identifier);
        }
    }

    /**
     * The configuration the runtime applies to a call through the application profile {@code profileArn}
     * (which the call resolved): cached, and served from what this node knows while the store is away.
     */
    public StoredInferenceConfig forCall(String profileArn) {
        Arn arn = Arn.parse(profileArn).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + profileArn));
        return cached.get(key(arn.account(), arn.region(), arn.resourceId()),
                key -> load(arn.account(), arn.region(), arn.resourceId()));
    }

    private StoredInferenceConfig load(String accountId, String region, String id) {
        Optional<String> document = store.findConfiguration(accountId, region, id);
        if (document.isEmpty()) {
            return StoredInferenceConfig.NONE;
        }
        try {
            JsonNode json = JsonMappers.mapper().readTree(document.get());
            return StoredInferenceConfigJson.read(json);
        } catch (IOException | ValidationException e) {
            // Written by this class after the same checks: a document that no longer reads is refused, never ignored,
            // so that no call escapes a limit it was meant to have.
            throw new InternalServerException("The stored inference configuration of the inference profile " + id
                    + " cannot be read; configure the profile again.", e);
        }
    }

    private ApplicationProfile application(RequestScope scope, String identifier) {
        if (profiles.findSystem(scope, identifier).isPresent()) {
            throw new ValidationException("The inference profile " + identifier + " is system-defined; only "
                    + "application inference profiles carry an inference configuration.");
        }
        return profiles.findApplication(scope, identifier).orElseThrow(() -> notFound(identifier));
    }

    private static String key(String accountId, String region, String id) {
        return accountId + '/' + region + '/' + id;
    }

    private static ResourceNotFoundException notFound(String identifier) {
        return new ResourceNotFoundException("The inference profile " + identifier + " was not found.");
    }
}
