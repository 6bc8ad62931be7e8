package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.cluster.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed over PostgreSQL's {@code LISTEN}/{@code NOTIFY}: a change published on one node reaches
 * every node's caches within milliseconds. One connection per node listens; when it is cut, the node may
 * have missed changes, so once it listens again it marks everything it caches stale.
 */
public final class PostgresChangeFeed extends ChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeFeed.class);
    private static final String CHANNEL = "outcrop_changes";
    private final Database database;
    private final Thread listener;
    private volatile boolean closed;

    /** Starts listening on {@code database} (PostgreSQL). */
    public PostgresChangeFeed(Database database) {
        this.database = requireNonNull(database, "database");
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("the change feed needs PostgreSQL");
        }
        this.listener = Thread.ofPlatform().daemon().name("outcrop-change-feed").start(this::listen);
    }

    /**
     * Tells this node at once and every other node through the database. The change itself is already
     * stored: a notice that cannot be sent only leaves the other nodes to notice when their entries expire.
     */
    @Override
    public void publish(Change change) {
        deliver(change);
        try {
            database.read(connection -> {
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, change.kind().name() + ' ' + change.key());
                    notify.execute();
                }
                return null;
            });
        } catch (StoreException e) {
            log.warn("could not tell the other nodes of a change to {} {}: {}", change.kind(), change.key(), e.toString());
        }
    }

    private void listen() {
        boolean listenedBefore = false;
        while (!closed) {
            try (Connection connection = database.dataSource().getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (listenedBefore) {
                    deliverMissed(); // notices sent while the connection was down are gone
                }
                listenedBefore = true;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notices = pg.getNotifications(500);
                    if (notices == null) {
                        continue;
                    }
                    for (PGNotification notice : notices) {
                        receive(notice.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    log.debug("change feed connection lost: {}", e.toString());
                    sleep();
                }
            }
        }
    }

    private void receive(String payload) {
        int space = payload.indexOf(' ');
        try {
            deliver(new Change(Change.Kind.valueOf(payload.substring(0, space)), payload.substring(space + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            log.warn("ignoring an unreadable change notice ({} characters)", payload.length());
        }
    }

    private static void sleep() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
        try {
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
