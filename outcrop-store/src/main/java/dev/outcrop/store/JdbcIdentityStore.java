package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.identity.IdentityStore;
import dev.outcrop.identity.Principal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Principals, credentials and policies in SQL, the same statements on SQLite and PostgreSQL. */
public final class JdbcIdentityStore implements IdentityStore {
    private final Database database;

    /** Creates the store over a migrated database. */
    public JdbcIdentityStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                List<T> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(mapper.map(result));
                    }
                }
                return rows;
            }
        });
    }

    private <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        return query(sql, binder, mapper).stream().findFirst();
    }

    @Override
    public boolean createPrincipal(Principal principal, Instant createdAt) {
        try {
            return update("INSERT INTO principal (id, account_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)", s -> {
                s.setString(1, principal.id());
                s.setString(2, principal.accountId());
                s.setString(3, principal.name());
                s.setString(4, principal.kind().name());
                s.setLong(5, createdAt.toEpochMilli());
            }) == 1;
        } catch (StoreException e) {
            if (principalByName(principal.accountId(), principal.name()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    private static Principal principal(ResultSet row) throws SQLException {
        return new Principal(row.getString("id"), row.getString("account_id"), row.getString("name"),
                Principal.Kind.valueOf(row.getString("kind")));
    }

    @Override
    public Optional<Principal> principalByName(String accountId, String name) {
        return queryOne("SELECT id, account_id, name, kind FROM principal WHERE account_id = ? AND name = ?", s -> {
            s.setString(1, accountId);
            s.setString(2, name);
        }, JdbcIdentityStore::principal);
    }

    @Override
    public Optional<Principal> principal(String id) {
        return queryOne("SELECT id, account_id, name, kind FROM principal WHERE id = ?", s -> s.setString(1, id),
                JdbcIdentityStore::principal);
    }

    @Override
    public List<Principal> principals(String accountId) {
        return query("SELECT id, account_id, name, kind FROM principal WHERE account_id = ? ORDER BY name",
                s -> s.setString(1, accountId), JdbcIdentityStore::principal);
    }

    @Override
    public boolean deletePrincipal(String id) {
        // Explicit deletes keep the cascade independent of the dialect's foreign-key settings.
        return database.inTransaction(connection -> {
            for (String table : List.of("access_key", "api_key", "principal_policy")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE principal_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM principal WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void putAccessKey(StoredAccessKey key) {
        // One statement: nodes that start together and import the same root key do not collide.
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO access_key (access_key_id, "
                    + "principal_id, secret_ciphertext, session_token_sha256, status, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (access_key_id) DO UPDATE SET "
                    + "principal_id = excluded.principal_id, secret_ciphertext = excluded.secret_ciphertext, "
                    + "session_token_sha256 = excluded.session_token_sha256, status = excluded.status, "
                    + "created_at = excluded.created_at, expires_at = excluded.expires_at")) {
                upsert.setString(1, key.accessKeyId());
                upsert.setString(2, key.principalId());
                upsert.setString(3, key.secretCiphertext());
                Sql.setNullable(upsert, 4, key.sessionTokenSha256());
                upsert.setString(5, key.status());
                upsert.setLong(6, key.createdAt().toEpochMilli());
                Sql.setNullableTime(upsert, 7, key.expiresAt());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private static StoredAccessKey accessKey(ResultSet row) throws SQLException {
        return new StoredAccessKey(row.getString("access_key_id"), row.getString("principal_id"),
                row.getString("secret_ciphertext"), row.getString("session_token_sha256"), row.getString("status"),
                Instant.ofEpochMilli(row.getLong("created_at")), time(row, "expires_at"));
    }

    @Override
    public Optional<StoredAccessKey> accessKey(String accessKeyId) {
        return queryOne("SELECT * FROM access_key WHERE access_key_id = ?", s -> s.setString(1, accessKeyId),
                JdbcIdentityStore::accessKey);
    }

    @Override
    public List<StoredAccessKey> accessKeys(String principalId) {
        return query("SELECT * FROM access_key WHERE principal_id = ? ORDER BY created_at", s -> s.setString(1, principalId),
                JdbcIdentityStore::accessKey);
    }

    @Override
    public boolean setAccessKeyStatus(String accessKeyId, String status) {
        return update("UPDATE access_key SET status = ? WHERE access_key_id = ?", s -> {
            s.setString(1, status);
            s.setString(2, accessKeyId);
        }) == 1;
    }

    @Override
    public boolean deleteAccessKey(String accessKeyId) {
        return update("DELETE FROM access_key WHERE access_key_id = ?", s -> s.setString(1, accessKeyId)) == 1;
    }

    @Override
    public int deleteExpiredAccessKeys(Instant now, int limit) {
        // A bounded batch by the expiry index; the same statement on SQLite and PostgreSQL. Nodes running it at
        // once delete disjoint or overlapping rows, never a live one.
        return update("DELETE FROM access_key WHERE access_key_id IN (SELECT access_key_id FROM access_key "
                + "WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?)", s -> {
            s.setLong(1, now.toEpochMilli());
            s.setInt(2, limit);
        });
    }

    @Override
    public Optional<String> trustPolicy(String principalId) {
        return query("SELECT trust_policy FROM principal WHERE id = ?", s -> s.setString(1, principalId),
                row -> Optional.ofNullable(row.getString(1))).stream().findFirst().flatMap(t -> t);
    }

    @Override
    public boolean setTrustPolicy(String principalId, String document) {
        return update("UPDATE principal SET trust_policy = ? WHERE id = ?", s -> {
            Sql.setNullable(s, 1, document);
            s.setString(2, principalId);
        }) == 1;
    }

    @Override
    public void putApiKey(String keySha256, StoredApiKey key) {
        update("INSERT INTO api_key (key_sha256, key_id, principal_id, created_at, expires_at, revoked_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, keySha256);
            s.setString(2, key.keyId());
            s.setString(3, key.principalId());
            s.setLong(4, key.createdAt().toEpochMilli());
            Sql.setNullableTime(s, 5, key.expiresAt());
            Sql.setNullableTime(s, 6, key.revokedAt());
        });
    }

    private static StoredApiKey apiKey(ResultSet row) throws SQLException {
        return new StoredApiKey(row.getString("key_id"), row.getString("principal_id"),
                Instant.ofEpochMilli(row.getLong("created_at")), time(row, "expires_at"), time(row, "revoked_at"));
    }

    @Override
    public Optional<StoredApiKey> apiKeyByDigest(String keySha256) {
        return queryOne("SELECT * FROM api_key WHERE key_sha256 = ?", s -> s.setString(1, keySha256), JdbcIdentityStore::apiKey);
    }

    @Override
    public List<StoredApiKey> apiKeys(String principalId) {
        return query("SELECT * FROM api_key WHERE principal_id = ? ORDER BY created_at", s -> s.setString(1, principalId),
                JdbcIdentityStore::apiKey);
    }

    @Override
    public boolean revokeApiKey(String keyId, Instant at) {
        return update("UPDATE api_key SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL", s -> {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, keyId);
        }) == 1;
    }

    @Override
    public void putPolicy(String principalId, StoredPolicy policy) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO principal_policy (principal_id, "
                    + "policy_name, document) VALUES (?, ?, ?) ON CONFLICT (principal_id, policy_name) "
                    + "DO UPDATE SET document = excluded.document")) {
                insert.setString(1, principalId);
                insert.setString(2, policy.name());
                insert.setString(3, policy.document());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean deletePolicy(String principalId, String policyName) {
        return update("DELETE FROM principal_policy WHERE principal_id = ? AND policy_name = ?", s -> {
            s.setString(1, principalId);
            s.setString(2, policyName);
        }) == 1;
    }

    @Override
    public List<StoredPolicy> policies(String principalId) {
        return query("SELECT policy_name, document FROM principal_policy WHERE principal_id = ? ORDER BY policy_name",
                s -> s.setString(1, principalId), row -> new StoredPolicy(row.getString(1), row.getString(2)));
    }

    private static Instant time(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }


}
