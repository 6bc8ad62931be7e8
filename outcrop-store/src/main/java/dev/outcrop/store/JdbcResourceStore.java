package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.resource.ResourceStore;
import dev.outcrop.resource.StoredResource;
import dev.outcrop.tag.Tag;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store of one kind of {@link StoredResource} in a table of its own, with its tags in {@code resource_tag}: the
 * statements every such store runs, the same on SQLite and PostgreSQL. The table has the columns {@code sequence}
 * (assigned in creation order) and {@link #COMMON_COLUMNS}, {@code name} and {@code client_request_token} (when
 * present) unique per account and region, and the kind's own columns.
 *
 * @param <R> the kind of resource
 */
abstract class JdbcResourceStore<R extends StoredResource> implements ResourceStore<R> {
    /** The columns of every resource table, bound from {@link StoredResource}'s members. */
    private static final List<String> COMMON_COLUMNS = List.of("id", "account_id", "region", "name",
            "client_request_token", "request_fingerprint", "created_at", "updated_at");

    /** Binds the kind's own columns, in the order of {@code ownColumns}, from {@code firstIndex} on. */
    @FunctionalInterface
    interface Binder<R> {
        void bind(PreparedStatement insert, int firstIndex, R resource) throws SQLException;
    }

    /** A stored resource with the sequence the database assigned. */
    @FunctionalInterface
    interface Sequenced<R> {
        R withSequence(R resource, long sequence);
    }

    private final Database database;
    private final String table;
    private final String selectColumns;
    private final String insert;
    private final Binder<R> binder;
    private final Sql.RowReader<R> reader;
    private final Sequenced<R> sequenced;

    /**
     * @param table the table's name
     * @param ownColumns the kind's columns besides the common ones, as {@code binder} binds them
     * @param reader reads a resource from a row of {@code sequence}, the common columns and {@code ownColumns}
     */
    JdbcResourceStore(Database database, String table, List<String> ownColumns, Binder<R> binder,
                      Sql.RowReader<R> reader, Sequenced<R> sequenced) {
        this.database = requireNonNull(database, "database");
        this.table = requireNonNull(table, "table");
        List<String> insertColumns = new ArrayList<>(COMMON_COLUMNS);
        insertColumns.addAll(ownColumns);
        this.selectColumns = "sequence, " + String.join(", ", insertColumns);
        this.insert = "INSERT INTO " + table + " (" + String.join(", ", insertColumns) + ") VALUES ("
                + Sql.marks(insertColumns.size()) + ")";
        this.binder = requireNonNull(binder, "binder");
        this.reader = requireNonNull(reader, "reader");
        this.sequenced = requireNonNull(sequenced, "sequenced");
    }

    /** Inserts the resource and its tags in one transaction; tells which uniqueness a refused insert broke. */
    @Override
    public final InsertResult<R> insert(R resource, List<Tag> tags, String resourceArn) {
        try {
            return database.inTransaction(connection -> {
                long sequence;
                try (PreparedStatement statement = connection.prepareStatement(insert,
                        Statement.RETURN_GENERATED_KEYS)) {
                    statement.setString(1, resource.id());
                    statement.setString(2, resource.accountId());
                    statement.setString(3, resource.region());
                    statement.setString(4, resource.name());
                    Sql.setNullable(statement, 5, resource.clientRequestToken());
                    statement.setString(6, resource.requestFingerprint());
                    statement.setLong(7, resource.createdAt().toEpochMilli());
                    statement.setLong(8, resource.updatedAt().toEpochMilli());
                    binder.bind(statement, COMMON_COLUMNS.size() + 1, resource);
                    statement.executeUpdate();
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        keys.next();
                        sequence = keys.getLong(1);
                    }
                }
                JdbcProfileStore.putTags(connection, resourceArn, tags);
                return new InsertResult.Inserted<>(sequenced.withSequence(resource, sequence));
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || !JdbcProfileStore.isUniqueViolation(sql)) {
                throw e;
            }
            // Which constraint failed: the token (a retry racing its twin), the name, or the random id.
            if (resource.clientRequestToken() != null) {
                Optional<R> earlier = findByToken(resource.accountId(), resource.region(),
                        resource.clientRequestToken());
                if (earlier.isPresent()) {
                    return new InsertResult.TokenTaken<>(earlier.get());
                }
            }
            if (nameTaken(resource.accountId(), resource.region(), resource.name())) {
                return new InsertResult.NameTaken<>(resource.name());
            }
            return new InsertResult.IdTaken<>();
        }
    }

    private boolean nameTaken(String accountId, String region, String name) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM " + table
                    + " WHERE account_id = ? AND region = ? AND name = ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setString(3, name);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public final Optional<R> find(String accountId, String region, String id) {
        return findOne("account_id = ? AND region = ? AND id = ?", accountId, region, id);
    }

    @Override
    public final Optional<R> findByToken(String accountId, String region, String clientRequestToken) {
        return findOne("account_id = ? AND region = ? AND client_request_token = ?", accountId, region,
                clientRequestToken);
    }

    private Optional<R> findOne(String where, String... args) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + selectColumns + " FROM " + table + " WHERE " + where)) {
                for (int i = 0; i < args.length; i++) {
                    query.setString(i + 1, args[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public final List<R> list(String accountId, String region, long afterSequence, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + selectColumns + " FROM " + table
                    + " WHERE account_id = ? AND region = ? AND sequence > ? ORDER BY sequence LIMIT ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setLong(3, afterSequence);
                query.setInt(4, limit);
                List<R> resources = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        resources.add(reader.read(rows));
                    }
                }
                return resources;
            }
        });
    }

    /** Deletes the resource and its tags in one transaction; false when there was none. */
    @Override
    public final boolean delete(String accountId, String region, String id, String resourceArn) {
        return database.inTransaction(connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE account_id = ? AND region = ? AND id = ?")) {
                delete.setString(1, accountId);
                delete.setString(2, region);
                delete.setString(3, id);
                deleted = delete.executeUpdate();
            }
            try (PreparedStatement tags = connection.prepareStatement("DELETE FROM resource_tag WHERE resource_arn = ?")) {
                tags.setString(1, resourceArn);
                tags.executeUpdate();
            }
            return deleted > 0;
        });
    }
}
