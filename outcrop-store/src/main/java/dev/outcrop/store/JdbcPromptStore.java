package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptIdentifier;
import dev.outcrop.prompt.PromptStore;
import dev.outcrop.resource.ResourceStore;
import dev.outcrop.tag.Tag;
import dev.outcrop.util.JsonMappers;
import dev.outcrop.cluster.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prompts (drafts and versions) in SQL, the same statements on SQLite and PostgreSQL. */
public final class JdbcPromptStore implements PromptStore {
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final String DRAFT_COLUMNS = "sequence, id, account_id, region, name, description, kms_key_arn, "
            + "default_variant, variants, client_token, request_fingerprint, created_at, updated_at";
    private static final String VERSION_COLUMNS = "prompt_id, version, account_id, region, name, description, "
            + "kms_key_arn, default_variant, variants, client_token, request_fingerprint, created_at";

    private final Database database;

    /** Creates the store over a migrated database. */
    public JdbcPromptStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    @Override
    public ResourceStore.InsertResult<Prompt> insert(Prompt draft, List<Tag> tags, String resourceArn) {
        try {
            return database.inTransaction(connection -> {
                long sequence;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prompt (id, account_id, "
                        + "region, name, description, kms_key_arn, default_variant, variants, next_version, "
                        + "client_token, request_fingerprint, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, draft.id());
                    insert.setString(2, draft.accountId());
                    insert.setString(3, draft.region());
                    bindContent(insert, 4, draft);
                    Sql.setNullable(insert, 9, draft.clientToken());
                    insert.setString(10, draft.requestFingerprint());
                    insert.setLong(11, draft.createdAt().toEpochMilli());
                    insert.setLong(12, draft.updatedAt().toEpochMilli());
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        sequence = keys.getLong(1);
                    }
                }
                JdbcProfileStore.putTags(connection, resourceArn, tags);
                return new ResourceStore.InsertResult.Inserted<>(draft.withSequence(sequence));
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || !JdbcProfileStore.isUniqueViolation(sql)) {
                throw e;
            }
            // Which constraint failed: the token (a retry racing its twin), the name, or the random id.
            if (draft.clientToken() != null) {
                Optional<Prompt> earlier = findByToken(draft.accountId(), draft.region(), draft.clientToken());
                if (earlier.isPresent()) {
                    return new ResourceStore.InsertResult.TokenTaken<>(earlier.get());
                }
            }
            return nameTaken(draft) ? new ResourceStore.InsertResult.NameTaken<>(draft.name())
                    : new ResourceStore.InsertResult.IdTaken<>();
        }
    }

    private boolean nameTaken(Prompt draft) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM prompt WHERE account_id = ? AND region = ? AND name = ? AND id <> ?")) {
                query.setString(1, draft.accountId());
                query.setString(2, draft.region());
                query.setString(3, draft.name());
                query.setString(4, draft.id());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public UpdateResult update(Prompt draft) {
        try {
            int updated = database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE prompt SET name = ?, "
                        + "description = ?, kms_key_arn = ?, default_variant = ?, variants = ?, updated_at = ? "
                        + "WHERE account_id = ? AND region = ? AND id = ?")) {
                    bindContent(update, 1, draft);
                    update.setLong(6, draft.updatedAt().toEpochMilli());
                    update.setString(7, draft.accountId());
                    update.setString(8, draft.region());
                    update.setString(9, draft.id());
                    return update.executeUpdate();
                }
            });
            return updated == 0 ? UpdateResult.NOT_FOUND : UpdateResult.UPDATED;
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && JdbcProfileStore.isUniqueViolation(sql)) {
                return UpdateResult.NAME_TAKEN;
            }
            throw e;
        }
    }

    @Override
    public VersionResult createVersion(String accountId, String region, String id, String description,
                                       String clientToken, String requestFingerprint, Instant now, List<Tag> tags,
                                       String resourceArnOfDraft) {
        return database.inTransaction(connection -> {
            // Two nodes versioning one prompt at once take numbers one after the other.
            database.dialect().lock(connection, "prompt:" + id);
            if (clientToken != null) {
                Optional<Prompt> earlier = findOne(connection, "SELECT " + VERSION_COLUMNS + " FROM prompt_version "
                        + "WHERE account_id = ? AND region = ? AND prompt_id = ? AND client_token = ?",
                        accountId, region, id, clientToken);
                if (earlier.isPresent()) {
                    return new VersionResult.TokenTaken(earlier.get());
                }
            }
            Optional<Prompt> draft = findOne(connection, "SELECT " + DRAFT_COLUMNS + " FROM prompt "
                    + "WHERE account_id = ? AND region = ? AND id = ?", accountId, region, id);
            if (draft.isEmpty()) {
                return new VersionResult.NotFound();
            }
            int number;
            try (PreparedStatement next = connection.prepareStatement("SELECT next_version FROM prompt WHERE id = ?")) {
                next.setString(1, id);
                try (ResultSet rows = next.executeQuery()) {
                    rows.next();
                    number = rows.getInt(1);
                }
            }
            if (number > PromptIdentifier.MAX_VERSION) {
                return new VersionResult.NumbersExhausted();
            }
            try (PreparedStatement next = connection.prepareStatement(
                    "UPDATE prompt SET next_version = next_version + 1 WHERE id = ?")) {
                next.setString(1, id);
                next.executeUpdate();
            }
            Prompt d = draft.get();
            Prompt version = new Prompt(id, accountId, region, number, d.name(),
                    description != null ? description : d.description(), d.customerEncryptionKeyArn(),
                    d.defaultVariant(), d.variants(), now, now, clientToken, requestFingerprint, 0);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prompt_version (" + VERSION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setInt(2, number);
                insert.setString(3, accountId);
                insert.setString(4, region);
                bindContent(insert, 5, version);
                Sql.setNullable(insert, 10, clientToken);
                insert.setString(11, requestFingerprint);
                insert.setLong(12, now.toEpochMilli());
                insert.executeUpdate();
            }
            JdbcProfileStore.putTags(connection, resourceArnOfDraft + ':' + number, tags);
            return new VersionResult.Created(version);
        });
    }

    @Override
    public Optional<Prompt> find(String accountId, String region, String id, int version) {
        return database.read(connection -> version == Prompt.DRAFT
                ? findOne(connection, "SELECT " + DRAFT_COLUMNS + " FROM prompt WHERE account_id = ? AND region = ? "
                        + "AND id = ?", accountId, region, id)
                : findOne(connection, "SELECT " + VERSION_COLUMNS + " FROM prompt_version WHERE account_id = ? "
                        + "AND region = ? AND prompt_id = ? AND version = " + version, accountId, region, id));
    }

    @Override
    public Optional<Prompt> findByToken(String accountId, String region, String clientToken) {
        return database.read(connection -> findOne(connection, "SELECT " + DRAFT_COLUMNS + " FROM prompt "
                + "WHERE account_id = ? AND region = ? AND client_token = ?", accountId, region, clientToken));
    }

    @Override
    public List<Prompt> listDrafts(String accountId, String region, long afterSequence, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + DRAFT_COLUMNS + " FROM prompt "
                    + "WHERE account_id = ? AND region = ? AND sequence > ? ORDER BY sequence LIMIT ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setLong(3, afterSequence);
                query.setInt(4, limit);
                return all(query);
            }
        });
    }

    @Override
    public List<Prompt> listVersions(String accountId, String region, String id, int afterVersion, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + VERSION_COLUMNS
                    + " FROM prompt_version WHERE account_id = ? AND region = ? AND prompt_id = ? AND version > ? "
                    + "ORDER BY version LIMIT ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setString(3, id);
                query.setInt(4, afterVersion);
                query.setInt(5, limit);
                return all(query);
            }
        });
    }

    @Override
    public boolean deleteVersion(String accountId, String region, String id, int version, String resourceArn) {
        return database.inTransaction(connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM prompt_version "
                    + "WHERE account_id = ? AND region = ? AND prompt_id = ? AND version = ?")) {
                delete.setString(1, accountId);
                delete.setString(2, region);
                delete.setString(3, id);
                delete.setInt(4, version);
                deleted = delete.executeUpdate();
            }
            deleteTags(connection, "resource_arn = ?", resourceArn);
            return deleted > 0;
        });
    }

    @Override
    public Optional<List<Integer>> deletePrompt(String accountId, String region, String id, String resourceArnOfDraft) {
        return database.inTransaction(connection -> {
            database.dialect().lock(connection, "prompt:" + id);
            List<Integer> numbers = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT version FROM prompt_version "
                    + "WHERE account_id = ? AND region = ? AND prompt_id = ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setString(3, id);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        numbers.add(rows.getInt(1));
                    }
                }
            }
            int deleted;
            try (PreparedStatement versions = connection.prepareStatement(
                    "DELETE FROM prompt_version WHERE account_id = ? AND region = ? AND prompt_id = ?");
                 PreparedStatement draft = connection.prepareStatement(
                    "DELETE FROM prompt WHERE account_id = ? AND region = ? AND id = ?")) {
                for (PreparedStatement delete : List.of(versions, draft)) {
                    delete.setString(1, accountId);
                    delete.setString(2, region);
                    delete.setString(3, id);
                }
                versions.executeUpdate();
                deleted = draft.executeUpdate();
            }
            // The draft's tags and every version's (ARN:N); ids are letters and digits, so LIKE matches no more.
            deleteTags(connection, "resource_arn = ? OR resource_arn LIKE ?", resourceArnOfDraft,
                    resourceArnOfDraft + ":%");
            return deleted == 0 ? Optional.<List<Integer>>empty() : Optional.of(List.copyOf(numbers));
        });
    }

    private static void deleteTags(Connection connection, String where, String... args) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM resource_tag WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                delete.setString(i + 1, args[i]);
            }
            delete.executeUpdate();
        }
    }

    private static void bindContent(PreparedStatement statement, int first, Prompt prompt) throws SQLException {
        statement.setString(first, prompt.name());
        Sql.setNullable(statement, first + 1, prompt.description());
        Sql.setNullable(statement, first + 2, prompt.customerEncryptionKeyArn());
        Sql.setNullable(statement, first + 3, prompt.defaultVariant());
        statement.setString(first + 4, prompt.variants().toString());
    }

    private static Optional<Prompt> findOne(Connection connection, String sql, String... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setString(i + 1, args[i]);
            }
            List<Prompt> rows = all(query);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    private static List<Prompt> all(PreparedStatement query) throws SQLException {
        List<Prompt> prompts = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                prompts.add(prompt(rows));
            }
        }
        return prompts;
    }

    private static Prompt prompt(ResultSet row) throws SQLException {
        boolean draft = hasColumn(row, "sequence");
        Instant createdAt = Instant.ofEpochMilli(row.getLong("created_at"));
        long sequence = draft ? row.getLong("sequence") : 0;
        return new Prompt(row.getString(draft ? "id" : "prompt_id"), row.getString("account_id"),
                row.getString("region"), draft ? Prompt.DRAFT : row.getInt("version"), row.getString("name"),
                row.getString("description"), row.getString("kms_key_arn"), row.getString("default_variant"),
                json(row.getString("variants")), createdAt,
                draft ? Instant.ofEpochMilli(row.getLong("updated_at")) : createdAt, row.getString("client_token"),
                row.getString("request_fingerprint"), sequence);
    }

    private static boolean hasColumn(ResultSet row, String name) throws SQLException {
        var meta = row.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored prompt's variants are not JSON", e);
        }
    }
}
