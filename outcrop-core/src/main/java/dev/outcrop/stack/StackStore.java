package dev.outcrop.stack;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of stacks, their resources, their events and their exports. Implemented by the store module
 * (SQLite, PostgreSQL), so that a stack survives restarts and every node of a cluster sees the same one.
 *
 * <p>A stack is live until it reaches {@code DELETE_COMPLETE}; a deleted stack is kept (CloudFormation lists
 * them) and its name is free again. The store enforces, atomically, that one live stack has a name in an
 * account and region, that one stack exports a name, and that one operation runs on a stack at a time
 * ({@link #transition}).
 */
public interface StackStore {
    /** The status of a deleted stack. */
    String DELETE_COMPLETE = "DELETE_COMPLETE";

    /**
     * A stack. {@code parametersJson} and {@code outputsJson} are JSON maps of name to value; {@code roleArn} is the
     * service role its last operation acted with, or null.
     */
    record StoredStack(String stackId, String accountId, String region, String name, String status,
                       String statusReason, String description, String templateBody, String parametersJson,
                       String outputsJson, Instant createdAt, Instant updatedAt, String roleArn) {
        /** This stack in another status. */
        public StoredStack withStatus(String newStatus, String reason, Instant at) {
            return new StoredStack(stackId, accountId, region, name, newStatus, reason, description, templateBody,
                    parametersJson, outputsJson, createdAt, at, roleArn);
        }
    }

    /** A resource of a stack: the properties it was last applied with and the attributes it answered. */
    record StoredResource(String logicalId, String type, String physicalId, String status, String statusReason,
                          String propertiesJson, String attributesJson, Instant updatedAt) {}

    /** One event of a stack's history. */
    record StackEvent(String eventId, String logicalId, String physicalId, String type, String status,
                      String reason, Instant timestamp) {}

    /** Stores a new stack; false when a live stack of the account and region has its name. */
    boolean createStack(StoredStack stack);

    /** The live stack with this name, or any stack with this id (its ARN), in the account and region. */
    Optional<StoredStack> stack(String accountId, String region, String nameOrId);

    /** Every stack of the account and region, deleted ones included, newest first. */
    List<StoredStack> stacks(String accountId, String region);

    /** Replaces the stack's row if its status is still {@code expectedStatus}; false otherwise. */
    boolean transition(StoredStack stack, String expectedStatus);

    /** Adds or replaces a resource of the stack. */
    void putResource(String stackId, StoredResource resource);

    /** Removes a resource of the stack. */
    void deleteResource(String stackId, String logicalId);

    /** The resources of the stack, by logical id. */
    List<StoredResource> resources(String stackId);

    /** Appends an event. */
    void addEvent(String stackId, StackEvent event);

    /** The events of the stack, newest first. */
    List<StackEvent> events(String stackId);

    /**
     * Replaces the exports of the stack with {@code exports} (name to value), unless another stack of the
     * account and region exports one of the names: then nothing changes and that name is answered.
     */
    Optional<String> replaceExports(String accountId, String region, String stackId, Map<String, String> exports);

    /** The value exported under {@code name} in the account and region. */
    Optional<String> exportValue(String accountId, String region, String name);

    /** The exports of the stack, name to value. */
    Map<String, String> exports(String stackId);

    /** Replaces the names of the exports the stack imports. */
    void replaceImports(String accountId, String region, String stackId, java.util.Set<String> exportNames);

    /** The names of the live stacks of the account and region that import the export {@code name}. */
    List<String> importers(String accountId, String region, String name);

    /**
     * A change set awaiting execution: what executing it deploys, the changes it was computed to make, and the
     * service role ({@code RoleARN}) it deploys with, or null.
     */
    record StoredChangeSet(String changeSetId, String accountId, String region, String name, String stackName,
                           String stackId, String type, String templateBody, String parametersJson, String status,
                           String statusReason, String description, String changesJson, Instant createdAt,
                           String roleArn) {}

    /** Stores a change set. */
    void putChangeSet(StoredChangeSet changeSet);

    /** The change set with this id, in the account. */
    Optional<StoredChangeSet> changeSet(String accountId, String changeSetId);

    /** The change set named {@code name} of the stack, in the account and region. */
    Optional<StoredChangeSet> changeSet(String accountId, String region, String stackName, String name);

    /** The change sets of the account and region awaiting execution. */
    int changeSetCount(String accountId, String region);

    /** Removes a change set; false when there was none. */
    boolean deleteChangeSet(String changeSetId);
}
