package dev.outcrop.app;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.store.ForwardingLedger;
import dev.outcrop.store.JdbcCluster;
import dev.outcrop.usage.Ledger;
import dev.outcrop.util.Digests;
import dev.outcrop.util.ResourceIds;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node's place in its cluster: its id, its heartbeat, and the admin resources that show the members
 * ({@code GET /_outcrop/cluster}) and this node's health ({@code GET /_outcrop/health}, open to load balancers).
 */
final class ClusterWiring {
    /** The file of this node's spool of usage records, in its data directory. */
    static final String SPOOL_FILE = "spool.db";
    private static final String VERSION = versionOf();

    private ClusterWiring() {}

    /**
     * What the admin resources need of a node; {@code membership} is set when it joins, after its server
     * listens (the address it joins with has the port).
     */
    record Node(String nodeId, Storage storage, StoreHealth health, Ledger ledger,
                AtomicReference<JdbcCluster> membership) {
        Node(String nodeId, Storage storage, StoreHealth health, Ledger ledger) {
            this(nodeId, storage, health, ledger, new AtomicReference<>());
        }

        long spooled() {
            return ledger instanceof ForwardingLedger forwarding ? forwarding.spooled() : 0;
        }
    }

    /** A fresh node id: unique per process, so a restarted node's holds of its last life are not its own. */
    static String newNodeId() {
        return "node-" + ResourceIds.newId(10).toLowerCase(Locale.ROOT);
    }

    /** One member as the admin API shows it. */
    record Member(String nodeId, String address, String version, String status, boolean self, boolean sameConfig,
                  Instant startedAt, Instant lastSeen, Instant leftAt, long spooledRecords) {}

    /** The cluster as the admin API shows it. */
    record ClusterView(String self, String store, boolean storeReachable, Instant storeUnreachableSince,
                       String storeError, int liveNodes, Instant asOf, List<Member> nodes) {}

    /**
     * Joins the cluster (a cluster of one on SQLite) once the server listens on {@code port}; the address
     * the others see names this machine when it listens on every interface.
     */
    static JdbcCluster join(Node node, OutcropConfig config, int port, UsageWiring.Accounting usage) {
        JdbcCluster cluster = JdbcCluster.join(node.storage().database(), node.health(), node.nodeId(),
                address(config.server().host(), port), VERSION, configDigest(config), node::spooled);
        if (usage.clusterBudgets() != null) {
            usage.clusterBudgets().refresh(Clock.systemUTC().instant());
            cluster.afterBeat(() -> usage.clusterBudgets().refresh(Clock.systemUTC().instant()));
        }
        if (usage.clusterQuotas() != null) {
            usage.clusterQuotas().refresh();
            cluster.afterBeat(usage.clusterQuotas()::refresh);
        }
        node.membership().set(cluster);
        return cluster;
    }

    static void register(AdminEndpoint admin, Node node) {
        admin.route("GET", "cluster", "outcrop:GetCluster", (labels, request, caller) -> view(node))
                .publicRoute("GET", "health", (labels, request, caller) -> {
                    Map<String, Object> health = new LinkedHashMap<>();
                    health.put("status", node.health().reachable() ? "ok" : "degraded");
                    health.put("nodeId", node.nodeId());
                    health.put("store", node.health().reachable() ? "reachable" : "unreachable");
                    health.put("spooledRecords", node.spooled());
                    return health;
                });
    }

    private static ClusterView view(Node node) {
        JdbcCluster.View view = currentView(node.membership().get());
        StoreHealth.Snapshot health = node.health().snapshot();
        String digest = view == null ? null : view.nodes().stream().filter(n -> n.nodeId().equals(node.nodeId()))
                .map(JdbcCluster.Node::configDigest).findFirst().orElse(null);
        List<Member> members = view == null ? List.of() : view.nodes().stream().map(n -> new Member(n.nodeId(),
                n.address(), n.version(), n.leftAt() != null ? "left" : n.alive(view.now()) ? "alive" : "silent",
                n.nodeId().equals(node.nodeId()), n.configDigest().equals(digest), n.startedAt(), n.lastSeen(), n.leftAt(),
                n.spooled())).toList();
        return new ClusterView(node.nodeId(), node.storage().shared() ? "postgresql" : "sqlite", health.reachable(),
                health.unreachableSince(), health.lastError(), health.liveNodes(), view == null ? null : view.now(), members);
    }

    static String address(String host, int port) {
        String shown = host;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                shown = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                // keep the wildcard
            }
        }
        return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port;
    }

    /** The members now, or as the last beat that reached the database saw them. */
    private static JdbcCluster.View currentView(JdbcCluster cluster) {
        if (cluster == null) {
            return null;
        }
        try {
            return cluster.view();
        } catch (StoreException e) {
            return cluster.lastView();
        }
    }

    /**
     * A digest of what every node must agree on (account, routing, deployments, usage rules): the admin API
     * flags a node whose configuration differs from the others'.
     */
    static String configDigest(OutcropConfig config) {
        String shared = config.account() + "\n" + config.routing() + "\n" + config.deployments() + "\n" + config.usage()
                + "\n" + config.auth() + "\n" + config.simulator();
        return HexFormat.of().formatHex(Digests.sha256(shared), 0, 8);
    }

    private static String versionOf() {
        String version = ClusterWiring.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
