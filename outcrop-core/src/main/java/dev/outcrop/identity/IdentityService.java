package dev.outcrop.identity;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.cluster.ReadThroughCache;
import dev.outcrop.error.ConflictException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.iam.MalformedPolicyException;
import dev.outcrop.iam.Policy;
import dev.outcrop.iam.TrustPolicy;
import dev.outcrop.util.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Principals, their credentials and their policies: creation (secrets are shown once and stored
 * encrypted or as digests), revocation, and the lookups authentication and authorization make on every
 * request, cached: a change made here takes effect at once, one made on another node when its change
 * notice arrives, and one made by the CLI beside a running server within {@link #CACHE_TTL}.
 */
public final class IdentityService implements CredentialLookup, PolicyLookup {
    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);
    /** How long a looked-up key or policy set is trusted before the store is asked again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** The name of the principal created on first start. */
    public static final String ROOT = "root";
    /** The longest life of temporary credentials, as STS's GetSessionToken allows. */
    public static final Duration MAX_TEMPORARY_LIFETIME = Duration.ofHours(36);
    /** The longest life of an API key in days, as IAM's service-specific credentials allow (about 100 years). */
    public static final int MAX_API_KEY_DAYS = 36_600;
    /** How many expired temporary credentials each new session deletes at most: more than one, so they never pile up. */
    static final int EXPIRED_PURGE_BATCH = 64;
    private static final String ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String NAME_PATTERN = "[\\w+=,.@-]{1,64}";
    /** IAM's inline policy names are longer than principal names: the CDK generates names of 60-100 characters. */
    private static final String POLICY_NAME_PATTERN = "[\\w+=,.@-]{1,128}";

    private final IdentityStore store;
    private final SecretBox box;
    private final Clock clock;
    private final String accountId;
    private final SecureRandom random = new SecureRandom();
    private final ChangeFeed changes;
    // An unknown key id or token, which anyone can send, is asked of the store again on every use while it
    // answers (a key created on another node works at once), and a bounded number of them is remembered for
    // while it is away.
    private final ReadThroughCache<String, Optional<SigningKey>> keys = new ReadThroughCache<>(CACHE_TTL,
            Optional::isPresent, ReadThroughCache.Absences.WHILE_AWAY, System::nanoTime);
    private final ReadThroughCache<String, Optional<KnownApiKey>> apiKeys = new ReadThroughCache<>(CACHE_TTL,
            Optional::isPresent, ReadThroughCache.Absences.WHILE_AWAY, System::nanoTime);
    private final ReadThroughCache<String, List<Policy>> policies = ReadThroughCache.of(CACHE_TTL);

    /** Creates the service for one node. */
    public IdentityService(IdentityStore store, SecretBox box, Clock clock, String accountId) {
        this(store, box, clock, accountId, new ChangeFeed());
    }

    /** Creates the service; {@code changes} carries key and policy changes between nodes. */
    public IdentityService(IdentityStore store, SecretBox box, Clock clock, String accountId, ChangeFeed changes) {
        this.store = requireNonNull(store, "store");
        this.box = requireNonNull(box, "box");
        this.clock = requireNonNull(clock, "clock");
        this.accountId = requireNonNull(accountId, "accountId");
        this.changes = requireNonNull(changes, "changes");
        changes.keepsCurrent(Change.Kind.ACCESS_KEY, keys);
        changes.keepsCurrent(Change.Kind.POLICIES, policies);
        changes.subscribe(new ChangeFeed.Listener() {
            @Override
            public void changed(Change change) {
                if (change.kind() == Change.Kind.API_KEY) { // cached by the token's digest, revoked by key id
                    apiKeys.invalidateIf(known -> known.isPresent() && known.get().key().keyId().equals(change.key()));
                }
            }

            @Override
            public void missed() {
                apiKeys.expireAll();
            }
        });
    }

    /** A new access key, shown once. */
    public record NewAccessKey(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewAccessKey[" + accessKeyId + "]";
        }
    }

    /** A new API key, shown once. */
    public record NewApiKey(String keyId, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewApiKey[" + keyId + "]";
        }
    }

    // ---- principals

    /** Creates a principal; a role made so has no trust policy: nobody may assume it through STS. */
    public Principal createPrincipal(String name, Principal.Kind kind) {
        return createPrincipal(name, kind, null);
    }

    /**
     * Creates a principal; a role with {@code trustPolicy} (its {@code AssumeRolePolicyDocument}, or null for none).
     *
     * @throws ValidationException for a trust policy that is malformed, or given for a user
     */
    public Principal createPrincipal(String name, Principal.Kind kind, String trustPolicy) {
        if (trustPolicy != null) {
            checkTrustPolicy(kind, trustPolicy);
        }
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new ValidationException("A principal name is 1-64 characters of letters, digits and +=,.@_-: '"
                    + name + "'.");
        }
        Principal principal = new Principal((kind == Principal.Kind.USER ? "AIDA" : "AROA") + randomId(17),
                accountId, name, kind);
        if (!store.createPrincipal(principal, clock.instant())) {
            throw new ConflictException("A principal named '" + name + "' already exists.");
        }
        if (trustPolicy != null) {
            store.setTrustPolicy(principal.id(), trustPolicy);
        }
        return principal;
    }

    private static void checkTrustPolicy(Principal.Kind kind, String document) {
        if (kind != Principal.Kind.ROLE) {
            throw new ValidationException("Only a role has a trust policy.");
        }
        try {
            TrustPolicy.parse(document);
        } catch (MalformedPolicyException e) {
            throw new ValidationException("MalformedPolicyDocument: " + e.getMessage());
        }
    }

    /**
     * Replaces a role's trust policy (null: none, so that nobody may assume it through STS).
     *
     * @throws ValidationException for a malformed document, or a principal that is not a role
     */
    public void setTrustPolicy(String roleName, String document) {
        Principal role = principal(roleName);
        if (document != null) {
            checkTrustPolicy(role.kind(), document);
        } else if (role.kind() != Principal.Kind.ROLE) {
            throw new ValidationException("Only a role has a trust policy.");
        }
        store.setTrustPolicy(role.id(), document);
    }

    /**
     * A role's trust policy, as stored; empty when it has none (nobody may assume it through STS), and when the
     * stored one no longer parses (logged), which trusts nobody either.
     */
    public Optional<TrustPolicy> trustPolicy(Principal role) {
        return store.trustPolicy(role.id()).flatMap(document -> {
            try {
                return Optional.of(TrustPolicy.parse(document));
            } catch (MalformedPolicyException e) {
                log.error("the trust policy of role {} no longer parses ({}): nobody may assume it until it is put "
                        + "again", role.name(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A role's trust policy document as stored, if it has one. */
    public Optional<String> trustPolicyDocument(String roleName) {
        return store.trustPolicy(principal(roleName).id());
    }

    /** The principal with this name. */
    public Principal principal(String name) {
        return store.principalByName(accountId, name).orElseThrow(() ->
                new ResourceNotFoundException("No principal named '" + name + "'."));
    }

    /** Every principal of the account. */
    public List<Principal> principals() {
        return store.principals(accountId);
    }

    /** Deletes a principal with all its credentials and policies. */
    public void deletePrincipal(String name) {
        Principal principal = principal(name);
        List<IdentityStore.StoredAccessKey> itsKeys = store.accessKeys(principal.id());
        store.deletePrincipal(principal.id());
        itsKeys.forEach(k -> changes.publish(new Change(Change.Kind.ACCESS_KEY, k.accessKeyId())));
        changes.publish(new Change(Change.Kind.POLICIES, principal.id()));
    }

    // ---- access keys

    /** A new long-term access key for the principal. */
    public NewAccessKey createAccessKey(String principalName) {
        return createAccessKey(principal(principalName), null, null);
    }

    /** New temporary credentials (access key, secret, session token) valid for {@code lifetime}. */
    public NewAccessKey createTemporaryCredentials(String principalName, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TEMPORARY_LIFETIME) > 0) {
            throw new ValidationException("Temporary credentials live between 1 second and 36 hours.");
        }
        // Each new session clears a bounded batch of expired ones, so the table holds about the live sessions
        // whatever the rate; any node may do it at any time, as an expired key authenticates nobody.
        store.deleteExpiredAccessKeys(clock.instant(), EXPIRED_PURGE_BATCH);
        byte[] token = new byte[96];
        random.nextBytes(token);
        String sessionToken = Base64.getEncoder().encodeToString(token);
        return createAccessKey(principal(principalName), sessionToken, clock.instant().plus(lifetime));
    }

    /** Stores a given key pair for the principal (the root's from the environment). */
    public void importAccessKey(Principal principal, String accessKeyId, String secret) {
        if (!accessKeyId.matches("[A-Z0-9]{16,128}") || secret.length() < 16) {
            throw new ValidationException("An access key id is 16-128 uppercase letters and digits, and its secret "
                    + "at least 16 characters.");
        }
        Optional<IdentityStore.StoredAccessKey> existing = store.accessKey(accessKeyId);
        if (existing.isPresent()) {
            if (!existing.get().principalId().equals(principal.id())) {
                throw new ConflictException("The access key " + accessKeyId + " belongs to another principal.");
            }
            byte[] stored = box.open(existing.get().secretCiphertext(), accessKeyId);
            if (MessageDigest.isEqual(stored, secret.getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
        store.putAccessKey(new IdentityStore.StoredAccessKey(accessKeyId, principal.id(),
                box.seal(secret.getBytes(StandardCharsets.UTF_8), accessKeyId), null, "Active", clock.instant(), null));
        changes.publish(new Change(Change.Kind.ACCESS_KEY, accessKeyId));
    }

    private NewAccessKey createAccessKey(Principal principal, String sessionToken, Instant expiresAt) {
        String accessKeyId = (sessionToken == null ? "AKIA" : "ASIA") + randomId(16);
        byte[] secretBytes = new byte[30];
        random.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        store.putAccessKey(new IdentityStore.StoredAccessKey(accessKeyId, principal.id(),
                box.seal(secret.getBytes(StandardCharsets.UTF_8), accessKeyId),
                sessionToken == null ? null : HexFormat.of().formatHex(sha256(sessionToken)), "Active", clock.instant(),
                expiresAt));
        return new NewAccessKey(accessKeyId, secret, sessionToken, expiresAt);
    }

    /** Deactivates (or reactivates) an access key, at once here and on every node its change notice reaches. */
    public void setAccessKeyActive(String accessKeyId, boolean active) {
        if (!store.setAccessKeyStatus(accessKeyId, active ? "Active" : "Inactive")) {
            throw new ResourceNotFoundException("No access key " + accessKeyId + ".");
        }
        changes.publish(new Change(Change.Kind.ACCESS_KEY, accessKeyId));
    }

    /** Deletes an access key, at once here and on every node its change notice reaches. */
    public void deleteAccessKey(String accessKeyId) {
        if (!store.deleteAccessKey(accessKeyId)) {
            throw new ResourceNotFoundException("No access key " + accessKeyId + ".");
        }
        changes.publish(new Change(Change.Kind.ACCESS_KEY, accessKeyId));
    }

    /**
     * The secret of a long-term access key, for what must hand it on (a stack's {@code Fn::GetAtt
     * SecretAccessKey}); it is kept sealed, so nothing else stores a copy.
     */
    public String accessKeySecret(String accessKeyId) {
        IdentityStore.StoredAccessKey key = store.accessKey(accessKeyId).orElseThrow(() ->
                new ResourceNotFoundException("No access key " + accessKeyId + "."));
        return new String(box.open(key.secretCiphertext(), accessKeyId), StandardCharsets.UTF_8);
    }

    /** The access keys of a principal (without secrets). */
    public List<IdentityStore.StoredAccessKey> accessKeys(String principalName) {
        return store.accessKeys(principal(principalName).id()).stream()
                .map(k -> new IdentityStore.StoredAccessKey(k.accessKeyId(), k.principalId(), "(encrypted)",
                        k.sessionTokenSha256() == null ? null : "(temporary)", k.status(), k.createdAt(), k.expiresAt()))
                .toList();
    }

    @Override
    public Optional<SigningKey> signingKey(String accessKeyId) {
        return keys.get(accessKeyId, id -> store.accessKey(id)
                .filter(k -> k.status().equals("Active"))
                .flatMap(k -> store.principal(k.principalId()).map(p -> new SigningKey(k.accessKeyId(),
                        box.open(k.secretCiphertext(), k.accessKeyId()), p,
                        k.sessionTokenSha256() == null ? null : HexFormat.of().parseHex(k.sessionTokenSha256()),
                        k.expiresAt()))));
    }

    // ---- API keys

    /**
     * A new Bedrock API key for the principal, valid for {@code lifetime} (null: until revoked).
     *
     * @throws ValidationException for a lifetime that is not positive or longer than {@link #MAX_API_KEY_DAYS}
     */
    public NewApiKey createApiKey(String principalName, Duration lifetime) {
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero()
                || lifetime.compareTo(Duration.ofDays(MAX_API_KEY_DAYS)) > 0)) {
            throw new ValidationException("An API key lives for a positive time of at most " + MAX_API_KEY_DAYS
                    + " days, or until it is revoked.");
        }
        Principal principal = principal(principalName);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "ABSK" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String keyId = "BedrockAPIKey-" + randomId(8).toLowerCase(java.util.Locale.ROOT);
        Instant expiresAt = lifetime == null ? null : clock.instant().plus(lifetime);
        store.putApiKey(HexFormat.of().formatHex(sha256(token)),
                new IdentityStore.StoredApiKey(keyId, principal.id(), clock.instant(), expiresAt, null));
        return new NewApiKey(keyId, token, expiresAt);
    }

    /** Revokes an API key at once. */
    public void revokeApiKey(String keyId) {
        if (!store.revokeApiKey(keyId, clock.instant())) {
            throw new ResourceNotFoundException("No API key " + keyId + ".");
        }
        changes.publish(new Change(Change.Kind.API_KEY, keyId));
    }

    /** A stored API key and its principal. */
    private record KnownApiKey(IdentityStore.StoredApiKey key, Principal principal) {}

    /** The API keys of a principal (ids and dates only). */
    public List<IdentityStore.StoredApiKey> apiKeys(String principalName) {
        return store.apiKeys(principal(principalName).id());
    }

    @Override
    public ApiKeyState apiKey(String token) {
        Optional<KnownApiKey> known = apiKeys.get(HexFormat.of().formatHex(sha256(token)), digest ->
                store.apiKeyByDigest(digest).flatMap(k -> store.principal(k.principalId()).map(p -> new KnownApiKey(k, p))));
        if (known.isEmpty() || known.get().key().revokedAt() != null) {
            return new ApiKeyState.Unknown();
        }
        IdentityStore.StoredApiKey key = known.get().key();
        if (key.expiresAt() != null && !clock.instant().isBefore(key.expiresAt())) {
            return new ApiKeyState.Expired();
        }
        return new ApiKeyState.Valid(known.get().principal());
    }

    // ---- policies

    /**
     * Attaches (or replaces) a named policy.
     *
     * @throws ValidationException when the document is not a valid identity-based policy
     */
    public void putPolicy(String principalName, String policyName, String document) {
        Principal principal = principal(principalName);
        try {
            Policy.parse(policyName, document);
        } catch (MalformedPolicyException e) {
            throw new ValidationException("MalformedPolicyDocument: " + e.getMessage());
        }
        if (!policyName.matches(POLICY_NAME_PATTERN)) {
            throw new ValidationException("A policy name is 1-128 characters of letters, digits and +=,.@_-.");
        }
        store.putPolicy(principal.id(), new IdentityStore.StoredPolicy(policyName, document));
        changes.publish(new Change(Change.Kind.POLICIES, principal.id()));
    }

    /** Detaches a named policy. */
    public void deletePolicy(String principalName, String policyName) {
        Principal principal = principal(principalName);
        if (!store.deletePolicy(principal.id(), policyName)) {
            throw new ResourceNotFoundException("No policy '" + policyName + "' on " + principalName + ".");
        }
        changes.publish(new Change(Change.Kind.POLICIES, principal.id()));
    }

    /** The policies attached to a principal, as stored. */
    public List<IdentityStore.StoredPolicy> storedPolicies(String principalName) {
        return store.policies(principal(principalName).id());
    }

    /** The parsed policies of a principal, for authorization. */
    @Override
    public List<Policy> policies(Principal principal) {
        return policies.get(principal.id(), id -> store.policies(id).stream()
                .map(p -> readStored(principal, p)).toList());
    }

    private static Policy readStored(Principal principal, IdentityStore.StoredPolicy stored) {
        try {
            return Policy.parseStored(stored.name(), stored.document());
        } catch (MalformedPolicyException e) {
            log.error("policy {} of principal {} no longer parses ({}): it denies every action until it is put again "
                    + "or detached", stored.name(), principal.name(), e.getMessage());
            return Policy.denyingEverything(stored.name());
        }
    }

    // ---- helpers

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALNUM_UPPER.charAt(random.nextInt(ALNUM_UPPER.length())));
        }
        return id.toString();
    }

    private static byte[] sha256(String text) {
        return Digests.sha256(text);
    }
}
