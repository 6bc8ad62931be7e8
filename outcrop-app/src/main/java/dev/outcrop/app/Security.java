package dev.outcrop.app;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.identity.SecretBox;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.Authenticator;
import dev.outcrop.server.auth.SigV4Verifier;
import dev.outcrop.store.JdbcCluster;
import dev.outcrop.store.JdbcIdentityStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Identity and access wiring: the master key that encrypts secrets at rest (from {@code OUTCROP_MASTER_KEY}
 * or an owner-only file in the data directory, never the database), the identity service, the root
 * principal created on first start, the authenticator (who is calling) and the access control (may they).
 */
final class Security {
    static final String MASTER_KEY_ENV = "OUTCROP_MASTER_KEY";
    static final String ROOT_KEY_ENV = "OUTCROP_ROOT_ACCESS_KEY_ID";
    static final String ROOT_SECRET_ENV = "OUTCROP_ROOT_SECRET_ACCESS_KEY";
    static final String MASTER_KEY_FILE = "master.key";
    static final String ROOT_CREDENTIALS_FILE = "root-credentials";
    static final String ROOT_PROFILE = "outcrop";
    private static final String KEY_CHECK = "outcrop master key check";
    private static final String ADMINISTRATOR_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "AdministratorAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]}""";

    private final IdentityService identity;
    private final Authenticator authenticator;
    private final AccessControl access;
    private final Path rootCredentialsFile;
    private final boolean anonymous;

    private Security(IdentityService identity, Authenticator authenticator, AccessControl access, Path rootCredentialsFile,
                     boolean anonymous) {
        this.identity = identity;
        this.authenticator = authenticator;
        this.access = access;
        this.rootCredentialsFile = rootCredentialsFile;
        this.anonymous = anonymous;
    }

    /**
     * The identity service over the database, with the master key from the environment or the data directory.
     *
     * @throws ConfigException when the master key is not the one the database's secrets were sealed with
     */
    static IdentityService identity(Storage storage, Path dataDir, Map<String, String> env, String accountId) {
        SecretBox box = new SecretBox(masterKey(dataDir, env));
        checkMasterKey(storage, box, dataDir);
        return new IdentityService(new JdbcIdentityStore(storage.database()), box, Clock.systemUTC(), accountId,
                storage.changes());
    }

    /**
     * Every node must seal and open secrets with the same master key. The first to start leaves a sealed
     * canary in the database; every later one must be able to open it.
     */
    private static void checkMasterKey(Storage storage, SecretBox box, Path dataDir) {
        String mine = box.seal(KEY_CHECK.getBytes(StandardCharsets.UTF_8), KEY_CHECK);
        String agreed = JdbcCluster.agree(storage.database(), "master-key-check", mine);
        try {
            if (new String(box.open(agreed, KEY_CHECK), StandardCharsets.UTF_8).equals(KEY_CHECK)) {
                return;
            }
        } catch (IllegalStateException e) {
            // not sealed with this key
        }
        throw new ConfigException(List.of("the master key of this node (" + MASTER_KEY_ENV + ", or "
                + dataDir.resolve(MASTER_KEY_FILE) + ") is not the one the database's secrets were sealed with"
                + (storage.shared() ? ": give every node the same " + MASTER_KEY_ENV + " (openssl rand -base64 32)"
                : ": restore the original master key file")));
    }

    static Security start(OutcropConfig config, Storage storage, Path dataDir, Map<String, String> env) {
        IdentityService identity = identity(storage, dataDir, env, config.account().id());
        Path credentialsFile = bootstrapRoot(identity, dataDir, env);
        boolean anonymous = config.auth().anonymous();
        SigV4Verifier verifier = new SigV4Verifier(identity, Clock.systemUTC(), "bedrock",
                java.util.Set.of(dev.outcrop.app.cloudformation.CloudFormationQueryApi.SIGNING_SERVICE,
                        dev.outcrop.app.sts.StsQueryApi.SIGNING_SERVICE));
        Principal anonymousPrincipal = anonymous
                ? new Principal("ANONYMOUS", config.account().id(), "anonymous", Principal.Kind.USER) : null;
        String partition = config.account().partitionName();
        AccessControl access = anonymous ? AccessControl.allowingAll(partition, Clock.systemUTC())
                : AccessControl.byPolicies(identity, partition, Clock.systemUTC());
        return new Security(identity, new Authenticator(verifier, identity, anonymousPrincipal), access, credentialsFile,
                anonymous);
    }

    IdentityService identity() {
        return identity;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    AccessControl access() {
        return access;
    }

    /** Where the generated root credentials were written, or null when they came from the environment. */
    Path rootCredentialsFile() {
        return rootCredentialsFile;
    }

    boolean anonymous() {
        return anonymous;
    }

    /**
     * Creates the root principal (administrator) on first start. Its access key comes from
     * {@code OUTCROP_ROOT_ACCESS_KEY_ID} / {@code OUTCROP_ROOT_SECRET_ACCESS_KEY} when set, otherwise it is
     * generated once and written to an owner-only credentials file in the data directory.
     */
    private static Path bootstrapRoot(IdentityService identity, Path dataDir, Map<String, String> env) {
        Principal root = rootPrincipal(identity);
        String keyId = env.get(ROOT_KEY_ENV);
        String secret = env.get(ROOT_SECRET_ENV);
        if (keyId != null || secret != null) {
            if (keyId == null || secret == null) {
                throw new ConfigException(List.of(ROOT_KEY_ENV + " and " + ROOT_SECRET_ENV + " must be set together"));
            }
            identity.importAccessKey(root, keyId, secret);
            return null;
        }
        Path file = dataDir.resolve(ROOT_CREDENTIALS_FILE);
        if (Files.exists(file)) {
            return file;
        }
        IdentityService.NewAccessKey key = identity.createAccessKey(IdentityService.ROOT);
        String text = "# Outcrop root credentials (administrator). Keep this file private.\n"
                + "# export AWS_SHARED_CREDENTIALS_FILE=" + file + " AWS_PROFILE=" + ROOT_PROFILE + "\n"
                + "[" + ROOT_PROFILE + "]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = "
                + key.secretAccessKey() + "\n";
        writeOwnerOnly(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The root principal, created with its policy on first start (by whichever node of a cluster is first). */
    private static Principal rootPrincipal(IdentityService identity) {
        for (int attempt = 0; ; attempt++) {
            var existing = identity.principals().stream().filter(p -> p.name().equals(IdentityService.ROOT)).findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
            try {
                Principal created = identity.createPrincipal(IdentityService.ROOT, Principal.Kind.USER);
                identity.putPolicy(IdentityService.ROOT, "AdministratorAccess", ADMINISTRATOR_POLICY);
                return created;
            } catch (dev.outcrop.error.ConflictException raced) {
                if (attempt > 3) {
                    throw raced;
                }
                // another node created it a moment ago: read it
            }
        }
    }

    private static byte[] masterKey(Path dataDir, Map<String, String> env) {
        String fromEnv = env.get(MASTER_KEY_ENV);
        if (fromEnv != null) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(fromEnv.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(List.of(MASTER_KEY_ENV + ": not base64"));
            }
            if (key.length != 32) {
                throw new ConfigException(List.of(MASTER_KEY_ENV + ": must be 32 bytes, base64-encoded (openssl rand -base64 32)"));
            }
            return key;
        }
        Path file = dataDir.resolve(MASTER_KEY_FILE);
        try {
            if (Files.exists(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
                if (key.length != 32) {
                    throw new ConfigException(List.of(file + ": not a 32-byte base64 master key"));
                }
                return key;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key " + file, e);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        writeOwnerOnly(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        return key;
    }

    private static void writeOwnerOnly(Path file, byte[] content) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (UnsupportedOperationException e) {
            try {
                Files.write(file, content);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot write " + file, io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
