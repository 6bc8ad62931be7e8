package dev.outcrop.context;

import static java.util.Objects.requireNonNull;

/**
 * Where a request lands: the partition and account Outcrop answers as, and the region the caller
 * addressed (the region of its SigV4 credential scope).
 *
 * @param partition e.g. {@code aws}
 * @param accountId the 12-digit account id in every ARN Outcrop issues
 * @param region e.g. {@code us-east-1}
 */
public record RequestScope(String partition, String accountId, String region) {
    /** Checks the members. */
    public RequestScope {
        requireNonNull(partition, "partition");
        requireNonNull(accountId, "accountId");
        requireNonNull(region, "region");
    }
}
