package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What budgets and quotas look at in a call.
 *
 * @param principal the caller's principal name
 * @param targetArn the ARN of what was called (model or profile)
 * @param applicationProfileArn the application profile, or null
 * @param tags the application profile's tags (empty otherwise)
 */
record CallScope(String principal, String targetArn, String applicationProfileArn, Map<String, String> tags) {
    /** Checks the members. */
    public CallScope {
        requireNonNull(principal, "principal");
        requireNonNull(targetArn, "targetArn");
        tags = Map.copyOf(tags);
    }
}
