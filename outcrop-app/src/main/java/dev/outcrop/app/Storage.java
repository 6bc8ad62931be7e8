package dev.outcrop.app;

import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.store.Database;
import dev.outcrop.store.PostgresChangeFeed;
import dev.outcrop.store.PostgresUrl;
import java.nio.file.Path;
import java.util.Map;

/**
 * The database a node (or a CLI command) works on: the embedded SQLite in the data directory, or the
 * PostgreSQL database that several nodes share, with its change feed. The password of PostgreSQL may come
 * from {@code OUTCROP_STORE_PASSWORD}, so that it is in neither the configuration nor a command line.
 */
final class Storage implements AutoCloseable {
    static final String PASSWORD_ENV = "OUTCROP_STORE_PASSWORD";
    private final Database database;
    private final ChangeFeed changes;

    private Storage(Database database, ChangeFeed changes) {
        this.database = database;
        this.changes = changes;
    }

    /** Opens (and migrates) the configured database; {@code who} names the connections in PostgreSQL. */
    static Storage open(StoreConfig store, Path dataDir, Map<String, String> env, String who) {
        if (!store.shared()) {
            return new Storage(Database.sqlite(dataDir), new ChangeFeed());
        }
        PostgresUrl url = PostgresUrl.parse(store.url()).withPassword(env.get(PASSWORD_ENV));
        Database database = Database.postgresql(url, new Database.PostgresSettings(store.maxConnections(),
                store.connectTimeout(), store.statementTimeout(), store.startupWait(), who));
        try {
            return new Storage(database, new PostgresChangeFeed(database));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    Database database() {
        return database;
    }

    /** What tells every node of a change (only this one, on SQLite). */
    ChangeFeed changes() {
        return changes;
    }

    /** Whether several nodes may share this database. */
    boolean shared() {
        return changes instanceof PostgresChangeFeed;
    }

    /** A short description for the banner: the SQLite file or the PostgreSQL URL without its password. */
    static String describe(StoreConfig store) {
        return store.shared() ? PostgresUrl.parse(store.url()) + " (PostgreSQL)"
                : store.dataDir().toAbsolutePath().normalize() + " (SQLite)";
    }

    @Override
    public void close() {
        if (changes instanceof PostgresChangeFeed feed) {
            feed.close();
        }
        database.close();
    }
}
