package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.stack.StackStore;
import dev.outcrop.cluster.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stacks, their resources, events and exports in SQL, the same statements on SQLite and PostgreSQL. */
public final class JdbcStackStore implements StackStore {
    private static final String STACK_COLUMNS = "stack_id, account_id, region, name, status, status_reason, description, "
            + "template_body, parameters_json, outputs_json, created_at, updated_at, role_arn";
    private final Database database;

    /** Creates the store over a migrated database. */
    public JdbcStackStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    @Override
    public boolean createStack(StoredStack stack) {
        try {
            return database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO stack (" + STACK_COLUMNS + ", live_name) "
                        + "VALUES (" + Sql.marks(14) + ")")) {
                    bindStack(s, stack);
                    s.setString(14, stack.name());
                    return s.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            if (stack(stack.accountId(), stack.region(), stack.name()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    private static void bindStack(PreparedStatement s, StoredStack stack) throws SQLException {
        s.setString(1, stack.stackId());
        s.setString(2, stack.accountId());
        s.setString(3, stack.region());
        s.setString(4, stack.name());
        s.setString(5, stack.status());
        Sql.setNullable(s, 6, stack.statusReason());
        Sql.setNullable(s, 7, stack.description());
        s.setString(8, stack.templateBody());
        s.setString(9, stack.parametersJson());
        s.setString(10, stack.outputsJson());
        s.setLong(11, stack.createdAt().toEpochMilli());
        s.setLong(12, stack.updatedAt().toEpochMilli());
        Sql.setNullable(s, 13, stack.roleArn());
    }

    private static StoredStack readStack(ResultSet r) throws SQLException {
        return new StoredStack(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                Instant.ofEpochMilli(r.getLong(11)), Instant.ofEpochMilli(r.getLong(12)), r.getString(13));
    }

    @Override
    public Optional<StoredStack> stack(String accountId, String region, String nameOrId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + STACK_COLUMNS + " FROM stack WHERE account_id = ? "
                    + "AND region = ? AND (stack_id = ? OR live_name = ?)")) {
                s.setString(1, accountId);
                s.setString(2, region);
                s.setString(3, nameOrId);
                s.setString(4, nameOrId);
                return rows(s, JdbcStackStore::readStack).stream().findFirst();
            }
        });
    }

    @Override
    public List<StoredStack> stacks(String accountId, String region) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + STACK_COLUMNS + " FROM stack WHERE account_id = ? "
                    + "AND region = ? ORDER BY created_at DESC, stack_id")) {
                s.setString(1, accountId);
                s.setString(2, region);
                return rows(s, JdbcStackStore::readStack);
            }
        });
    }

    @Override
    public boolean transition(StoredStack stack, String expectedStatus) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE stack SET status = ?, status_reason = ?, "
                    + "description = ?, template_body = ?, parameters_json = ?, outputs_json = ?, updated_at = ?, "
                    + "live_name = ?, role_arn = ? WHERE stack_id = ? AND status = ?")) {
                s.setString(1, stack.status());
                Sql.setNullable(s, 2, stack.statusReason());
                Sql.setNullable(s, 3, stack.description());
                s.setString(4, stack.templateBody());
                s.setString(5, stack.parametersJson());
                s.setString(6, stack.outputsJson());
                s.setLong(7, stack.updatedAt().toEpochMilli());
                Sql.setNullable(s, 8, stack.status().equals(DELETE_COMPLETE) ? null : stack.name());
                Sql.setNullable(s, 9, stack.roleArn());
                s.setString(10, stack.stackId());
                s.setString(11, expectedStatus);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void putResource(String stackId, StoredResource resource) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO stack_resource (stack_id, logical_id, type, "
                    + "physical_id, status, status_reason, properties_json, attributes_json, updated_at) VALUES ("
                    + Sql.marks(9) + ") ON CONFLICT (stack_id, logical_id) DO UPDATE SET type = excluded.type, "
                    + "physical_id = excluded.physical_id, status = excluded.status, status_reason = "
                    + "excluded.status_reason, properties_json = excluded.properties_json, attributes_json = "
                    + "excluded.attributes_json, updated_at = excluded.updated_at")) {
                s.setString(1, stackId);
                s.setString(2, resource.logicalId());
                s.setString(3, resource.type());
                s.setString(4, resource.physicalId());
                s.setString(5, resource.status());
                Sql.setNullable(s, 6, resource.statusReason());
                s.setString(7, resource.propertiesJson());
                s.setString(8, resource.attributesJson());
                s.setLong(9, resource.updatedAt().toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void deleteResource(String stackId, String logicalId) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM stack_resource WHERE stack_id = ? AND logical_id = ?")) {
                s.setString(1, stackId);
                s.setString(2, logicalId);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<StoredResource> resources(String stackId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT logical_id, type, physical_id, status, status_reason, "
                    + "properties_json, attributes_json, updated_at FROM stack_resource WHERE stack_id = ? "
                    + "ORDER BY logical_id")) {
                s.setString(1, stackId);
                return rows(s, r -> new StoredResource(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), Instant.ofEpochMilli(r.getLong(8))));
            }
        });
    }

    @Override
    public void addEvent(String stackId, StackEvent event) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO stack_event (stack_id, event_id, logical_id, "
                    + "physical_id, type, status, reason, at) VALUES (" + Sql.marks(8) + ")")) {
                s.setString(1, stackId);
                s.setString(2, event.eventId());
                s.setString(3, event.logicalId());
                s.setString(4, event.physicalId());
                s.setString(5, event.type());
                s.setString(6, event.status());
                Sql.setNullable(s, 7, event.reason());
                s.setLong(8, event.timestamp().toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<StackEvent> events(String stackId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT event_id, logical_id, physical_id, type, status, "
                    + "reason, at FROM stack_event WHERE stack_id = ? ORDER BY sequence DESC")) {
                s.setString(1, stackId);
                return rows(s, r -> new StackEvent(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), Instant.ofEpochMilli(r.getLong(7))));
            }
        });
    }

    @Override
    public Optional<String> replaceExports(String accountId, String region, String stackId, Map<String, String> exports) {
        try {
            database.inTransaction(c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM stack_export WHERE stack_id = ?")) {
                    delete.setString(1, stackId);
                    delete.executeUpdate();
                }
                for (Map.Entry<String, String> export : exports.entrySet()) {
                    insertExport(c, accountId, region, stackId, export);
                }
                return null;
            });
            return Optional.empty();
        } catch (ExportTaken taken) {
            return Optional.of(taken.name);
        }
    }

    private static void insertExport(Connection c, String accountId, String region, String stackId,
                                     Map.Entry<String, String> export) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO stack_export (account_id, region, name, stack_id, "
                + "value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name) DO NOTHING")) {
            s.setString(1, accountId);
            s.setString(2, region);
            s.setString(3, export.getKey());
            s.setString(4, stackId);
            s.setString(5, export.getValue());
            if (s.executeUpdate() == 0) { // another stack exports the name: undo the whole replacement
                throw new ExportTaken(export.getKey());
            }
        }
    }

    /** Rolls back a replacement of exports whose name another stack holds. */
    private static final class ExportTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String name;

        ExportTaken(String name) {
            super(name, null, false, false);
            this.name = name;
        }
    }

    @Override
    public Optional<String> exportValue(String accountId, String region, String name) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT value FROM stack_export WHERE account_id = ? AND "
                    + "region = ? AND name = ?")) {
                s.setString(1, accountId);
                s.setString(2, region);
                s.setString(3, name);
                return rows(s, r -> r.getString(1)).stream().findFirst();
            }
        });
    }

    @Override
    public Map<String, String> exports(String stackId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT name, value FROM stack_export WHERE stack_id = ? "
                    + "ORDER BY name")) {
                s.setString(1, stackId);
                Map<String, String> exports = new LinkedHashMap<>();
                rows(s, r -> exports.put(r.getString(1), r.getString(2)));
                return exports;
            }
        });
    }

    @Override
    public void replaceImports(String accountId, String region, String stackId, java.util.Set<String> exportNames) {
        database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM stack_import WHERE stack_id = ?")) {
                delete.setString(1, stackId);
                delete.executeUpdate();
            }
            for (String name : exportNames) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO stack_import (account_id, region, name, "
                        + "stack_id) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, accountId);
                    s.setString(2, region);
                    s.setString(3, name);
                    s.setString(4, stackId);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<String> importers(String accountId, String region, String name) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT st.name FROM stack_import i JOIN stack st ON "
                    + "st.stack_id = i.stack_id WHERE i.account_id = ? AND i.region = ? AND i.name = ? AND "
                    + "st.live_name IS NOT NULL ORDER BY st.name")) {
                s.setString(1, accountId);
                s.setString(2, region);
                s.setString(3, name);
                return rows(s, r -> r.getString(1));
            }
        });
    }

    private static final String CHANGE_SET_COLUMNS = "change_set_id, account_id, region, name, stack_name, stack_id, "
            + "type, template_body, parameters_json, status, status_reason, description, changes_json, created_at, "
            + "role_arn";

    @Override
    public void putChangeSet(StoredChangeSet changeSet) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO stack_change_set (" + CHANGE_SET_COLUMNS
                    + ") VALUES (" + Sql.marks(15) + ")")) {
                s.setString(1, changeSet.changeSetId());
                s.setString(2, changeSet.accountId());
                s.setString(3, changeSet.region());
                s.setString(4, changeSet.name());
                s.setString(5, changeSet.stackName());
                Sql.setNullable(s, 6, changeSet.stackId());
                s.setString(7, changeSet.type());
                s.setString(8, changeSet.templateBody());
                s.setString(9, changeSet.parametersJson());
                s.setString(10, changeSet.status());
                Sql.setNullable(s, 11, changeSet.statusReason());
                Sql.setNullable(s, 12, changeSet.description());
                s.setString(13, changeSet.changesJson());
                s.setLong(14, changeSet.createdAt().toEpochMilli());
                Sql.setNullable(s, 15, changeSet.roleArn());
                return s.executeUpdate();
            }
        });
    }

    private static StoredChangeSet readChangeSet(ResultSet r) throws SQLException {
        return new StoredChangeSet(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), r.getString(11),
                r.getString(12), r.getString(13), Instant.ofEpochMilli(r.getLong(14)), r.getString(15));
    }

    @Override
    public Optional<StoredChangeSet> changeSet(String accountId, String changeSetId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + CHANGE_SET_COLUMNS + " FROM stack_change_set "
                    + "WHERE change_set_id = ? AND account_id = ?")) {
                s.setString(1, changeSetId);
                s.setString(2, accountId);
                return rows(s, JdbcStackStore::readChangeSet).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<StoredChangeSet> changeSet(String accountId, String region, String stackName, String name) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + CHANGE_SET_COLUMNS + " FROM stack_change_set "
                    + "WHERE account_id = ? AND region = ? AND stack_name = ? AND name = ? ORDER BY created_at DESC")) {
                s.setString(1, accountId);
                s.setString(2, region);
                s.setString(3, stackName);
                s.setString(4, name);
                return rows(s, JdbcStackStore::readChangeSet).stream().findFirst();
            }
        });
    }

    @Override
    public int changeSetCount(String accountId, String region) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM stack_change_set WHERE account_id = ? "
                    + "AND region = ?")) {
                s.setString(1, accountId);
                s.setString(2, region);
                return rows(s, r -> r.getInt(1)).getFirst();
            }
        });
    }

    @Override
    public boolean deleteChangeSet(String changeSetId) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM stack_change_set WHERE change_set_id = ?")) {
                s.setString(1, changeSetId);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static <T> List<T> rows(PreparedStatement statement, Sql.RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(reader.read(result));
            }
        }
        return rows;
    }
}
