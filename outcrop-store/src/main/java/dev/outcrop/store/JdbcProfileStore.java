package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.profile.ApplicationProfile;
import dev.outcrop.profile.ProfileStore;
import dev.outcrop.profileconfig.ProfileConfigStore;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Application inference profiles, their inference configuration and resource tags in SQL, the same statements on
 * SQLite and PostgreSQL.
 */
public final class JdbcProfileStore extends JdbcResourceStore<ApplicationProfile>
        implements ProfileStore, ProfileConfigStore, TagStore {
    private final Database database;

    /** Creates the store over a migrated database. */
    public JdbcProfileStore(Database database) {
        super(database, "application_inference_profile", List.of("description", "source_arn", "model_arns"),
                JdbcProfileStore::bind, JdbcProfileStore::profile, JdbcProfileStore::withSequence);
        this.database = requireNonNull(database, "database");
    }

    private static void bind(PreparedStatement insert, int first, ApplicationProfile profile) throws SQLException {
        Sql.setNullable(insert, first, profile.description());
        insert.setString(first + 1, profile.sourceArn());
        insert.setString(first + 2, String.join("\n", profile.modelArns()));
    }

    @Override
    public Optional<String> findConfiguration(String accountId, String region, String id) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT inference_config FROM "
                    + "application_inference_profile WHERE account_id = ? AND region = ? AND id = ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setString(3, id);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean storeConfiguration(String accountId, String region, String id, String document, Instant updatedAt) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE application_inference_profile "
                    + "SET inference_config = ?, updated_at = ? WHERE account_id = ? AND region = ? AND id = ?")) {
                Sql.setNullable(update, 1, document);
                update.setLong(2, updatedAt.toEpochMilli());
                update.setString(3, accountId);
                update.setString(4, region);
                update.setString(5, id);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Tag> tags(String resourceArn) {
        return database.read(connection -> tags(connection, resourceArn));
    }

    private static List<Tag> tags(Connection connection, String resourceArn) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT tag_key, tag_value FROM resource_tag WHERE resource_arn = ? ORDER BY tag_key")) {
            query.setString(1, resourceArn);
            List<Tag> tags = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tags.add(new Tag(rows.getString(1), rows.getString(2)));
                }
            }
            return tags;
        }
    }

    @Override
    public boolean putTags(String resourceArn, Collection<Tag> newTags, int maxTags) {
        return database.inTransaction(connection -> {
            database.dialect().lock(connection, "tags:" + resourceArn); // two nodes tagging at once stay within the limit
            long existingKeptOrNew = tags(connection, resourceArn).stream()
                    .filter(t -> newTags.stream().noneMatch(n -> n.key().equals(t.key()))).count() + newTags.size();
            if (existingKeptOrNew > maxTags) {
                return false;
            }
            removeTags(connection, resourceArn, newTags.stream().map(Tag::key).toList());
            putTags(connection, resourceArn, newTags);
            return true;
        });
    }

    @Override
    public void removeTags(String resourceArn, Collection<String> keys) {
        database.inTransaction(connection -> {
            removeTags(connection, resourceArn, keys);
            return null;
        });
    }

    /** Inserts tags of a resource within {@code connection}'s transaction (shared with the other stores). */
    static void putTags(Connection connection, String resourceArn, Collection<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO resource_tag (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)")) {
            for (Tag tag : tags) {
                insert.setString(1, resourceArn);
                insert.setString(2, tag.key());
                insert.setString(3, tag.value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void removeTags(Connection connection, String resourceArn, Collection<String> keys)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM resource_tag WHERE resource_arn = ? AND tag_key = ?")) {
            for (String key : keys) {
                delete.setString(1, resourceArn);
                delete.setString(2, key);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static ApplicationProfile profile(ResultSet row) throws SQLException {
        return new ApplicationProfile(row.getString("id"), row.getString("account_id"), row.getString("region"),
                row.getString("name"), row.getString("description"), row.getString("source_arn"),
                Arrays.asList(row.getString("model_arns").split("\n")),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
                row.getString("client_request_token"), row.getString("request_fingerprint"), row.getLong("sequence"));
    }

    private static ApplicationProfile withSequence(ApplicationProfile p, long sequence) {
        return new ApplicationProfile(p.id(), p.accountId(), p.region(), p.name(), p.description(), p.sourceArn(),
                p.modelArns(), p.createdAt(), p.updatedAt(), p.clientRequestToken(), p.requestFingerprint(), sequence);
    }


    /** Whether {@code e} is a unique-constraint violation, on either dialect. */
    static boolean isUniqueViolation(SQLException e) {
        // PostgreSQL: SQLSTATE 23505. SQLite: result code SQLITE_CONSTRAINT (19) and its extended codes.
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 19
                || String.valueOf(e.getMessage()).contains("SQLITE_CONSTRAINT");
    }
}
