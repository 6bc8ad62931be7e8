package dev.outcrop.profileconfig;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable storage of the inference configuration of application profiles, kept in the profile's own row
 * (implemented by the store module). Documents are stored as {@link StoredInferenceConfigJson} writes them.
 */
public interface ProfileConfigStore {

    /** The profile's configuration document; empty when it has none or there is no such profile. */
    Optional<String> findConfiguration(String accountId, String region, String id);

    /**
     * Replaces the profile's configuration ({@code document} null: removes it) and sets its update time.
     *
     * @return false when there is no such profile
     */
    boolean storeConfiguration(String accountId, String region, String id, String document, Instant updatedAt);
}
