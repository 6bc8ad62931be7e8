package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster that shares a database: it registers on start, beats every
 * {@link #BEAT} (which is also how it finds out that the database answers, or answers again), and leaves on
 * close. A node not heard of for {@link #LIVENESS} counts as gone: its budget holds lapse, and the others no
 * longer count it when they split a quota among the nodes. One node of a single-machine install is a cluster
 * of one.
 */
public final class JdbcCluster implements AutoCloseable {
    /** How often a node beats. */
    public static final Duration BEAT = Duration.ofSeconds(1);
    /** How long a node may stay silent before it counts as gone. */
    public static final Duration LIVENESS = Duration.ofSeconds(10);
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(JdbcCluster.class);

    private final Database database;
    private final StoreHealth health;
    private final Node self;
    private final LongSupplier spooled;
    private final List<Runnable> chores = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("outcrop-cluster-beat").factory());
    private long beat;
    private volatile View lastView;

    /** A node as the cluster table has it. */
    public record Node(String nodeId, String address, String version, String configDigest, Instant startedAt,
                       Instant lastSeen, Instant leftAt, long spooled) {
        /** Whether it was heard of within {@link #LIVENESS} of {@code now} and has not left. */
        public boolean alive(Instant now) {
            return leftAt == null && lastSeen.plus(LIVENESS).isAfter(now);
        }
    }

    /** The members as one node sees them, at the database's time. */
    public record View(Instant now, List<Node> nodes) {}

    private JdbcCluster(Database database, StoreHealth health, Node self, LongSupplier spooled) {
        this.database = database;
        this.health = health;
        this.self = self;
        this.spooled = spooled;
    }

    /**
     * Registers this node and starts beating.
     *
     * @param spooled how many usage records this node holds that the database does not have yet
     */
    public static JdbcCluster join(Database database, StoreHealth health, String nodeId, String address, String version,
                                   String configDigest, LongSupplier spooled) {
        requireNonNull(database, "database");
        JdbcCluster cluster = new JdbcCluster(database, requireNonNull(health, "health"),
                new Node(nodeId, address, version, configDigest, null, null, null, 0), requireNonNull(spooled, "spooled"));
        cluster.register();
        cluster.lastView = cluster.view();
        cluster.beats.scheduleWithFixedDelay(cluster::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        return cluster;
    }

    /** This node's id. */
    public String nodeId() {
        return self.nodeId();
    }

    /** Runs {@code chore} after every beat that reached the database (budget refreshes, housekeeping). */
    public void afterBeat(Runnable chore) {
        chores.add(requireNonNull(chore, "chore"));
    }

    private void register() {
        String now = database.dialect().nowMillis();
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cluster_node (node_id, address, "
                    + "version, config_digest, started_at, last_seen, left_at, spooled) VALUES (?, ?, ?, ?, " + now + ", "
                    + now + ", NULL, ?) ON CONFLICT (node_id) DO UPDATE SET address = excluded.address, "
                    + "version = excluded.version, config_digest = excluded.config_digest, last_seen = excluded.last_seen, "
                    + "left_at = NULL")) {
                insert.setString(1, self.nodeId());
                insert.setString(2, self.address());
                insert.setString(3, self.version());
                insert.setString(4, self.configDigest());
                insert.setLong(5, spooled.getAsLong());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private void beat() {
        try {
            int updated = database.probe(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE cluster_node SET last_seen = "
                        + database.dialect().nowMillis() + ", spooled = ?, left_at = NULL WHERE node_id = ?")) {
                    update.setLong(1, spooled.getAsLong());
                    update.setString(2, self.nodeId());
                    return update.executeUpdate();
                }
            });
            if (updated == 0) {
                register(); // forgotten while away
            }
            View view = view();
            lastView = view;
            health.answered((int) view.nodes().stream().filter(n -> n.alive(view.now())).count());
            if (health.reachable()) {
                chores.forEach(this::runChore);
                if (++beat % 60 == 0) {
                    housekeeping();
                }
            }
        } catch (StoreException e) {
            health.failed(e);
        } catch (RuntimeException e) {
            log.warn("cluster heartbeat failed", e);
        }
    }

    private void runChore(Runnable chore) {
        try {
            chore.run();
        } catch (StoreException e) {
            health.failed(e);
        } catch (RuntimeException e) {
            log.warn("a cluster chore failed", e);
        }
    }

    /** The members as the last beat that reached the database saw them (null before the first). */
    public View lastView() {
        return lastView;
    }

    /** The members now. */
    public View view() {
        return database.read(connection -> {
            List<Node> nodes = new ArrayList<>();
            long now;
            try (PreparedStatement clock = connection.prepareStatement("SELECT " + database.dialect().nowMillis());
                 ResultSet row = clock.executeQuery()) {
                row.next();
                now = row.getLong(1);
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM cluster_node ORDER BY started_at, node_id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long left = rows.getLong("left_at");
                    Instant leftAt = rows.wasNull() ? null : Instant.ofEpochMilli(left);
                    nodes.add(new Node(rows.getString("node_id"), rows.getString("address"), rows.getString("version"),
                            rows.getString("config_digest"), Instant.ofEpochMilli(rows.getLong("started_at")),
                            Instant.ofEpochMilli(rows.getLong("last_seen")),
                            leftAt, rows.getLong("spooled")));
                }
            }
            return new View(Instant.ofEpochMilli(now), nodes);
        });
    }

    /**
     * Forgets what no node needs any more: holds of nodes gone and empty ones, quota seconds no window sees,
     * nodes gone for a day.
     */
    private void housekeeping() {
        database.inTransaction(connection -> {
            String now = database.dialect().nowMillis();
            try (PreparedStatement holds = connection.prepareStatement("DELETE FROM budget_hold WHERE reserved_micros = 0 "
                    + "OR node_id NOT IN (SELECT node_id FROM cluster_node WHERE left_at IS NULL AND last_seen > " + now
                    + " - ?)")) {
                holds.setLong(1, LIVENESS.toMillis() * 6);
                holds.executeUpdate();
            }
            try (PreparedStatement quotas = connection.prepareStatement(
                    "DELETE FROM quota_usage WHERE epoch_second < " + now + " / 1000 - ?")) {
                quotas.setLong(1, 2L * JdbcQuotaCounter.WINDOW_SECONDS);
                quotas.executeUpdate();
            }
            try (PreparedStatement nodes = connection.prepareStatement(
                    "DELETE FROM cluster_node WHERE last_seen < " + now + " - ?")) {
                nodes.setLong(1, FORGET_AFTER.toMillis());
                nodes.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Agrees a setting with the cluster: the first node to set {@code name} decides its value, and every
     * node after it must have the same. Returns the value the cluster has.
     */
    public String agree(String name, String value) {
        return agree(database, name, value);
    }

    /** {@link #agree} on a database, without joining. */
    public static String agree(Database database, String name, String value) {
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO cluster_setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, value);
                insert.executeUpdate();
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT value FROM cluster_setting WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }

    /** Leaves the cluster: the others stop counting this node at once, and its holds lapse. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            beats.awaitTermination(5, TimeUnit.SECONDS);
            database.inTransaction(connection -> {
                try (PreparedStatement leave = connection.prepareStatement("UPDATE cluster_node SET left_at = "
                        + database.dialect().nowMillis() + ", spooled = ? WHERE node_id = ?")) {
                    leave.setLong(1, spooled.getAsLong());
                    leave.setString(2, self.nodeId());
                    leave.executeUpdate();
                }
                try (PreparedStatement holds = connection.prepareStatement("DELETE FROM budget_hold WHERE node_id = ?")) {
                    holds.setString(1, self.nodeId());
                    holds.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            log.warn("could not tell the cluster that this node leaves: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
