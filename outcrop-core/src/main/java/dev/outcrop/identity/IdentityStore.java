package dev.outcrop.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable storage of principals, credentials and policies. Implemented by the store module. */
public interface IdentityStore {

    /** A stored access key; the secret is the ciphertext the store was given. */
    record StoredAccessKey(String accessKeyId, String principalId, String secretCiphertext, String sessionTokenSha256,
                           String status, Instant createdAt, Instant expiresAt) {}

    /** A stored API key (its digest only). */
    record StoredApiKey(String keyId, String principalId, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

    /** A stored policy. */
    record StoredPolicy(String name, String document) {}

    /** Stores a principal; false when the name is taken in the account. */
    boolean createPrincipal(Principal principal, Instant createdAt);

    /** The principal with this name in the account. */
    Optional<Principal> principalByName(String accountId, String name);

    /** The principal with this id. */
    Optional<Principal> principal(String id);

    /** Every principal of the account, by name. */
    List<Principal> principals(String accountId);

    /** Deletes a principal with its keys and policies; false when there was none. */
    boolean deletePrincipal(String id);

    /** Stores an access key. */
    void putAccessKey(StoredAccessKey key);

    /** The access key with this id, whatever its status. */
    Optional<StoredAccessKey> accessKey(String accessKeyId);

    /** The access keys of a principal. */
    List<StoredAccessKey> accessKeys(String principalId);

    /** Sets a key's status ({@code Active} or {@code Inactive}); false when there is no such key. */
    boolean setAccessKeyStatus(String accessKeyId, String status);

    /** Deletes an access key; false when there is no such key. */
    boolean deleteAccessKey(String accessKeyId);

    /**
     * Deletes at most {@code limit} access keys that expired at or before {@code now} (temporary credentials);
     * the number deleted.
     */
    int deleteExpiredAccessKeys(Instant now, int limit);

    /** A role's trust policy document, if it has one. */
    Optional<String> trustPolicy(String principalId);

    /** Sets (or, with null, removes) a principal's trust policy; false when there is no such principal. */
    boolean setTrustPolicy(String principalId, String document);

    /** Stores an API key by the SHA-256 of its token. */
    void putApiKey(String keySha256, StoredApiKey key);

    /** The API key whose token has this SHA-256. */
    Optional<StoredApiKey> apiKeyByDigest(String keySha256);

    /** The API keys of a principal. */
    List<StoredApiKey> apiKeys(String principalId);

    /** Revokes an API key; false when there is no such key. */
    boolean revokeApiKey(String keyId, Instant at);

    /** Adds or replaces a principal's policy. */
    void putPolicy(String principalId, StoredPolicy policy);

    /** Removes a principal's policy; false when it had none of that name. */
    boolean deletePolicy(String principalId, String policyName);

    /** A principal's policies, by name. */
    List<StoredPolicy> policies(String principalId);
}
