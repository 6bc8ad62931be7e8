package dev.outcrop.profile;

import dev.outcrop.tag.Tag;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of application inference profiles. Implemented by the store module (SQLite, PostgreSQL).
 *
 * <p>Uniqueness of names and of idempotency tokens per account and region is the store's to enforce,
 * atomically, so that concurrent creates on any number of nodes cannot both succeed.
 */
public interface ProfileStore {

    /** What {@link #insert} did. */
    sealed interface InsertResult {
        /** The profile was stored; {@code profile} carries its sequence. */
        record Inserted(ApplicationProfile profile) implements InsertResult {}

        /** Another profile of the account and region already has the name. */
        record NameTaken(String name) implements InsertResult {}

        /** A profile was already created with the same client request token. */
        record TokenTaken(ApplicationProfile existing) implements InsertResult {}

        /** The randomly drawn id is taken already: draw another. */
        record IdTaken() implements InsertResult {}
    }

    /**
     * Stores a new profile (its {@code sequence} is ignored and assigned) together with its initial tags,
     * in one transaction.
     */
    InsertResult insert(ApplicationProfile profile, List<Tag> tags, String resourceArn);

    /** The profile with this id in this account and region. */
    Optional<ApplicationProfile> find(String accountId, String region, String id);

    /** The profile created with this client request token in this account and region. */
    Optional<ApplicationProfile> findByToken(String accountId, String region, String clientRequestToken);

    /**
     * Profiles of an account and region in creation order, starting after {@code afterSequence}
     * (0 for the first page), at most {@code limit} of them.
     */
    List<ApplicationProfile> list(String accountId, String region, long afterSequence, int limit);

    /** Deletes the profile and its tags; false when there was none. */
    boolean delete(String accountId, String region, String id, String resourceArn);
}
