package dev.outcrop.store;

import dev.outcrop.cluster.StoreHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** In-process "nodes" of a cluster for store tests: each its own connection pool, health and membership. */
final class PostgresNodes implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One node's view of the shared database. */
    record Node(String id, Database database, StoreHealth health, JdbcCluster cluster) {}

    static Database connect(String url) {
        return Database.postgresql(PostgresUrl.parse(url), new Database.PostgresSettings(8, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(10), "outcrop test"));
    }

    Node node(String url, String id) {
        Database database = connect(url);
        StoreHealth health = new StoreHealth(Clock.systemUTC());
        JdbcCluster cluster = JdbcCluster.join(database, health, id, "http://" + id, "test", "digest", () -> 0);
        open.add(database);
        open.add(cluster);
        return new Node(id, database, health, cluster);
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
