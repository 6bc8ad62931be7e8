package dev.outcrop.resource;

import dev.outcrop.arn.Arn;
import java.time.Instant;

/**
 * A resource the control plane creates and stores in an account and region: found by id, created once per
 * idempotency token, listed in creation order.
 */
public interface StoredResource {
    /** The id, unique in the account and region. */
    String id();

    /** The owning account. */
    String accountId();

    /** The region it was created in. */
    String region();

    /** The name, unique in the account and region. */
    String name();

    /** The idempotency token it was created with, or null. */
    String clientRequestToken();

    /** A digest of the create request, to tell a retry from a token reused. */
    String requestFingerprint();

    /** When it was created. */
    Instant createdAt();

    /** When it was last changed. */
    Instant updatedAt();

    /** Position in creation order, assigned by the store: the key of pagination. */
    long sequence();

    /** The resource's ARN in {@code partition}. */
    Arn arn(String partition);
}
