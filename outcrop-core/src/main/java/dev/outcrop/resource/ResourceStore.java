package dev.outcrop.resource;

import dev.outcrop.tag.Tag;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of one kind of {@link StoredResource} with its tags. Implemented by the store module (SQLite,
 * PostgreSQL).
 *
 * <p>Uniqueness of names and of idempotency tokens per account and region is the store's to enforce, atomically,
 * so that concurrent creates on any number of nodes cannot both succeed.
 *
 * @param <R> the kind of resource
 */
public interface ResourceStore<R extends StoredResource> {

    /** What {@link #insert} did. */
    sealed interface InsertResult<R> {
        /** The resource was stored; {@code resource} carries its sequence. */
        record Inserted<R>(R resource) implements InsertResult<R> {}

        /** Another resource of the kind, account and region already has the name. */
        record NameTaken<R>(String name) implements InsertResult<R> {}

        /** A resource of the kind was already created with the same client request token. */
        record TokenTaken<R>(R existing) implements InsertResult<R> {}

        /** The randomly drawn id is taken already: draw another. */
        record IdTaken<R>() implements InsertResult<R> {}
    }

    /**
     * Stores a new resource (its {@code sequence} is ignored and assigned) together with its initial tags, in one
     * transaction.
     */
    InsertResult<R> insert(R resource, List<Tag> tags, String resourceArn);

    /** The resource with this id in this account and region. */
    Optional<R> find(String accountId, String region, String id);

    /** The resource created with this client request token in this account and region. */
    Optional<R> findByToken(String accountId, String region, String clientRequestToken);

    /**
     * Resources of an account and region in creation order, starting after {@code afterSequence} (0 for the first
     * page), at most {@code limit} of them.
     */
    List<R> list(String accountId, String region, long afterSequence, int limit);

    /** Deletes the resource and its tags; false when there was none. */
    boolean delete(String accountId, String region, String id, String resourceArn);
}
