package dev.outcrop.app.cloudformation;

import dev.outcrop.error.ValidationException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The change sets awaiting execution. They are computed when created (nothing to wait for), so the store only
 * remembers what to deploy; they live in this server's memory, as a review step they are short-lived.
 */
final class ChangeSets {
    private static final int MAX_PENDING = 1000;

    /** One change set: what executing it deploys. */
    record ChangeSet(String id, String name, String accountId, String region, String stackName, String type,
                     String templateBody, Map<String, String> parameters, String status, String statusReason,
                     String description, Instant createdAt) {}

    private final Map<String, ChangeSet> byId = new ConcurrentHashMap<>();

    /** Keeps a change set. */
    void put(ChangeSet changeSet) {
        if (byId.size() >= MAX_PENDING) {
            throw new ValidationException("Too many change sets are awaiting execution; delete some first.");
        }
        byId.put(changeSet.id(), changeSet);
    }

    /** The change set with this id, or this name on this stack of the account and region. */
    Optional<ChangeSet> find(String accountId, String region, String nameOrId, String stackName) {
        ChangeSet direct = byId.get(nameOrId);
        if (direct != null) {
            return direct.accountId().equals(accountId) ? Optional.of(direct) : Optional.empty();
        }
        return byId.values().stream().filter(c -> c.accountId().equals(accountId) && c.region().equals(region)
                && c.name().equals(nameOrId) && c.stackName().equals(stackName)).findFirst();
    }

    /** Forgets a change set (executed or deleted). */
    void remove(String id) {
        byId.remove(id);
    }
}
