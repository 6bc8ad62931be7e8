package dev.outcrop.router;

import dev.outcrop.tag.Tag;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of custom prompt routers. Implemented by the store module (SQLite, PostgreSQL); names and
 * idempotency tokens are unique per account and region, enforced atomically by the store.
 */
public interface RouterStore {

    /** What {@link #insert} did. */
    sealed interface InsertResult {
        /** The router was stored; {@code router} carries its sequence. */
        record Inserted(PromptRouter router) implements InsertResult {}

        /** Another router of the account and region already has the name. */
        record NameTaken(String name) implements InsertResult {}

        /** A router was already created with the same client request token. */
        record TokenTaken(PromptRouter existing) implements InsertResult {}

        /** The randomly drawn id is taken already: draw another. */
        record IdTaken() implements InsertResult {}
    }

    /** Stores a new custom router (its sequence is assigned) with its initial tags, in one transaction. */
    InsertResult insert(PromptRouter router, List<Tag> tags, String resourceArn);

    /** The custom router with this id in this account and region. */
    Optional<PromptRouter> find(String accountId, String region, String id);

    /** The custom router created with this client request token in this account and region. */
    Optional<PromptRouter> findByToken(String accountId, String region, String clientRequestToken);

    /** Custom routers of an account and region in creation order, after {@code afterSequence}, at most {@code limit}. */
    List<PromptRouter> list(String accountId, String region, long afterSequence, int limit);

    /**
     * Sets how a custom router routes ({@link PromptRouter#mode()}, {@link PromptRouter#escalateOn()}) and its
     * update time; false when there is no such router.
     */
    boolean configure(PromptRouter configured);

    /** Deletes the router and its tags; false when there was none. */
    boolean delete(String accountId, String region, String id, String resourceArn);
}
