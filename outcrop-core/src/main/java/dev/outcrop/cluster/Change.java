package dev.outcrop.cluster;

import static java.util.Objects.requireNonNull;

/**
 * Something cached on every node changed: a profile, a resource's tags, an access key, an API key or a
 * principal's policies.
 *
 * @param kind what changed
 * @param key which one (a profile's account/region/id, an ARN, an access or API key id, a principal id)
 */
public record Change(Kind kind, String key) {
    /** Checks the members. */
    public Change {
        requireNonNull(kind, "kind");
        requireNonNull(key, "key");
    }

    /** What can change. */
    public enum Kind {
        /** An application profile, by account/region/id. */
        PROFILE,
        /** A resource's tags, by ARN. */
        TAGS,
        /** An access key, by id. */
        ACCESS_KEY,
        /** A Bedrock API key, by key id. */
        API_KEY,
        /** A principal's policies, by principal id. */
        POLICIES,
        /** A prompt version, by account/region/id:version. */
        PROMPT,
        /** A custom prompt router, by account/region/id. */
        ROUTER
    }
}
