package dev.outcrop.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;

/**
 * What verifying a SigV4 signature needs of an access key: its secret, the principal it belongs to, and,
 * for temporary credentials, the digest of their session token and their expiry.
 *
 * @param accessKeyId the key id
 * @param secret the secret access key (kept in memory only while needed; never logged)
 * @param principal the owner
 * @param sessionTokenSha256 SHA-256 of the session token of temporary credentials, or null for a long-term key
 * @param expiresAt when temporary credentials expire, or null
 */
public record SigningKey(String accessKeyId, byte[] secret, Principal principal, byte[] sessionTokenSha256,
                         Instant expiresAt) {
    /** Checks the members. */
    public SigningKey {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secret, "secret");
        requireNonNull(principal, "principal");
    }

    @Override
    public String toString() {
        return "SigningKey[" + accessKeyId + ", principal=" + principal.name() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.accessKeyId.equals(accessKeyId) && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return accessKeyId.hashCode();
    }
}
