package dev.outcrop.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Cluster quotas while the shared database goes away and comes back: nodes, each with its own health and
 * counter, over one in-memory "database" that fails while it is down. The bound docs/deploy.md states is
 * checked here.
 */
class FailoverQuotaCounterTest {
    private static final Selector ALICE = Selector.parse("principal:alice");
    private static final Quota THIRTY = new Quota("thirty", ALICE, 30, 0);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private final AtomicLong millis = new AtomicLong(1_000_000_000);
    private final Database database = new Database(millis);
    /** Every node's and the database's clock. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };

    /** The shared database: a counter in memory, failing while {@link #down}. */
    private static final class Database implements QuotaCounter {
        final LocalQuotaCounter inside;
        boolean down;

        Database(AtomicLong millis) {
            inside = new LocalQuotaCounter(millis::get);
        }

        private void check() {
            if (down) {
                throw new StoreException("down", new java.sql.SQLException("connection refused"), true);
            }
        }

        @Override
        public Result take(List<Quota> quotas, long tokens) {
            check();
            return inside.take(quotas, tokens);
        }

        @Override
        public Window window(List<Quota> quotas) {
            check();
            return inside.window(quotas);
        }

        @Override
        public void add(List<Count> counts) {
            check();
            inside.add(counts);
        }
    }

    /** A node: its view of the database and its counter, which beats as JdbcCluster does. */
    private final class Node {
        final StoreHealth health = new StoreHealth(clock);
        final FailoverQuotaCounter counter;

        Node(List<Quota> quotas) {
            counter = new FailoverQuotaCounter(database, health, quotas, GRACE, millis::get);
        }

        void beat(int alive) {
            if (database.down) {
                health.failed(new StoreException("down", new java.sql.SQLException("refused"), true));
            } else {
                health.answered(alive);
                counter.refresh();
            }
        }

        boolean call(Quota quota, long tokens) {
            return counter.take(List.of(quota), tokens) instanceof QuotaCounter.Taken;
        }

        int calls(Quota quota, int attempts) {
            int admitted = 0;
            for (int i = 0; i < attempts; i++) {
                admitted += call(quota, 1) ? 1 : 0;
            }
            return admitted;
        }
    }

    private List<Node> cluster(int size, Quota... quotas) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(List.of(quotas)));
        }
        nodes.forEach(n -> n.beat(size));
        return nodes;
    }

    private void tick(long ms) {
        millis.addAndGet(ms);
    }

    @Test
    void whileTheDatabaseIsAwayANodeTakesItsShareOfAQuota() {
        List<Node> nodes = cluster(3, new Quota("q", ALICE, 100, 0));
        database.down = true;
        assertThat(nodes.getFirst().calls(new Quota("q", ALICE, 100, 0), 100)).isEqualTo(33); // 100 / 3, rounded down
        assertThat(nodes.getFirst().health.reachable()).isFalse();
    }

    @Test
    void whatTheClusterAdmittedBeforeTheOutageLeavesNothingForTheNodesWhileAway() {
        List<Node> nodes = cluster(3, THIRTY);
        assertThat(nodes.get(0).calls(THIRTY, 30)).isEqualTo(30);
        nodes.forEach(n -> n.beat(3));
        database.down = true;
        tick(4_000);
        assertThat(nodes.get(1).calls(THIRTY, 10) + nodes.get(2).calls(THIRTY, 10)).isZero();
    }

    @Test
    void theCarriedMinuteSlidesOutSoTheShareGrowsBackWithinTheOutage() {
        List<Node> nodes = cluster(3, THIRTY);
        nodes.get(0).calls(THIRTY, 30);
        nodes.forEach(n -> n.beat(3));
        database.down = true;
        tick(61_000);
        assertThat(nodes.get(1).calls(THIRTY, 30)).isEqualTo(10);
    }

    @Test
    void whatANodeAdmitsWhileAwayIsCountedInTheDatabaseWhenItAnswersAgain() {
        List<Node> nodes = cluster(3, THIRTY);
        database.down = true;
        assertThat(nodes.get(2).calls(THIRTY, 30)).isEqualTo(10);
        tick(2_000);
        database.down = false;
        nodes.forEach(n -> n.beat(3));
        assertThat(nodes.get(2).counter.waiting()).isZero();
        tick(GRACE.toMillis() + 1_000);
        assertThat(nodes.get(0).calls(THIRTY, 30)).isEqualTo(20);
    }

    @Test
    void untilEveryNodeHasCountedItsOutageANodeThatAnswersAgainAdmitsOnlyItsShare() {
        List<Node> nodes = cluster(3, THIRTY);
        database.down = true;
        nodes.forEach(n -> n.beat(3));
        assertThat(nodes.get(2).calls(THIRTY, 30)).isEqualTo(10);
        database.down = false;
        nodes.get(0).beat(3); // node 2 has not found out yet: its 10 calls are not in the database
        nodes.get(1).beat(3);
        assertThat(nodes.get(0).calls(THIRTY, 30)).isEqualTo(10);
        assertThat(database.inside.used("thirty", LocalQuotaCounter.Measure.REQUESTS)).isEqualTo(10);
        nodes.get(2).beat(3);
        tick(GRACE.toMillis() + 1_000);
        nodes.forEach(n -> n.beat(3));
        assertThat(nodes.get(1).calls(THIRTY, 30)).isEqualTo(10);
    }

    @Test
    void aTokenQuotaCarriesTheClustersTokensAndCountsCorrectionsMadeWhileAway() {
        Quota tokens = new Quota("tokens", ALICE, 0, 1_000);
        List<Node> nodes = cluster(2, tokens);
        assertThat(nodes.get(0).call(tokens, 600)).isTrue();
        nodes.forEach(n -> n.beat(2));
        database.down = true;
        // The share of each node: (1000 - 600) / 2 = 200 tokens.
        QuotaCounter.Taken taken = (QuotaCounter.Taken) nodes.get(1).counter.take(List.of(tokens), 200);
        assertThat(nodes.get(1).call(tokens, 1)).isFalse();
        taken.corrector().correct(taken, -150); // the call used 50 tokens
        assertThat(nodes.get(1).call(tokens, 150)).isTrue();
        database.down = false;
        nodes.forEach(n -> n.beat(2));
        assertThat(database.inside.used("tokens", LocalQuotaCounter.Measure.TOKENS)).isEqualTo(600 + 50 + 150);
    }

    @Test
    void aCorrectionOfACallAdmittedWhileAwayIsCountedAfterTheDatabaseReturns() {
        Quota tokens = new Quota("tokens", ALICE, 0, 1_000);
        List<Node> nodes = cluster(1, tokens);
        database.down = true;
        QuotaCounter.Taken taken = (QuotaCounter.Taken) nodes.get(0).counter.take(List.of(tokens), 900);
        database.down = false;
        nodes.get(0).beat(1);
        taken.corrector().correct(taken, -800);
        nodes.get(0).beat(1);
        assertThat(database.inside.used("tokens", LocalQuotaCounter.Measure.TOKENS)).isEqualTo(100);
    }

    @Test
    void aNodeWhoseClockDiffersFromTheDatabasesStillCarriesTheClustersMinute() {
        AtomicLong nodeClock = new AtomicLong(millis.get() - 45_000);
        StoreHealth health = new StoreHealth(clock);
        FailoverQuotaCounter behind = new FailoverQuotaCounter(database, health, List.of(THIRTY), GRACE, nodeClock::get);
        health.answered(1);
        database.inside.take(List.of(THIRTY), 0);
        for (int i = 1; i < 30; i++) {
            database.inside.take(List.of(THIRTY), 0);
        }
        behind.refresh();
        database.down = true;
        assertThat(behind.take(List.of(THIRTY), 0)).isInstanceOf(QuotaCounter.Refused.class);
        nodeClock.addAndGet(61_000);
        assertThat(behind.take(List.of(THIRTY), 0)).isInstanceOf(QuotaCounter.Taken.class);
    }

    /**
     * The bound of docs/deploy.md: in any minute the cluster admits at most the limit, plus what it admitted
     * after the last heartbeat before the database went away, plus the share of each node that crashed while
     * it was away. Three nodes, random calls every 250 ms for ten minutes, heartbeats every second, outages of
     * various lengths starting on and between heartbeats, and one crash.
     */
    @Test
    void theClusterNeverAdmitsMoreInAMinuteThanTheBoundTheGuideStates() {
        Random random = new Random(29);
        Quota quota = new Quota("three-hundred", ALICE, 300, 0);
        List<Node> nodes = cluster(3, quota);
        TreeMap<Long, Integer> admitted = new TreeMap<>();
        long start = millis.get();
        long[][] outages = {{20_000, 50_000}, {100_500, 170_000}, {230_250, 240_000}, {300_000, 420_000}};
        long crashAt = 330_000;
        long unseen = 0; // admitted after the last heartbeat before an outage
        long crashedShare = 0;
        long total = 0;
        long sinceBeat = 0;
        for (long t = 0; t < 600_000; t += 250) {
            millis.set(start + t);
            if (t % 1_000 == 0) {
                nodes.forEach(n -> n.beat(3));
                sinceBeat = 0;
            }
            for (long[] outage : outages) {
                if (t == outage[0]) {
                    database.down = true;
                    unseen += sinceBeat;
                } else if (t == outage[1]) {
                    database.down = false;
                }
            }
            if (t == crashAt) {
                crashedShare += quota.requestsPerMinute() / 3;
                nodes.set(2, new Node(List.of(quota))); // restarted: what it admitted while away is lost
            }
            for (Node node : nodes) {
                int made = node.calls(quota, random.nextInt(2));
                admitted.merge(millis.get() / 1000, made, Integer::sum);
                sinceBeat += made;
                total += made;
            }
        }
        long bound = quota.requestsPerMinute() + unseen + crashedShare;
        long worst = 0;
        for (long second : admitted.keySet()) {
            worst = Math.max(worst, admitted.subMap(second - 59, true, second, true).values().stream()
                    .mapToLong(Integer::longValue).sum());
        }
        assertThat(unseen).isPositive();
        assertThat(total).isGreaterThan(5 * quota.requestsPerMinute()); // the quota was the limit, not the calls
        assertThat(worst).isLessThanOrEqualTo(bound);
    }
}
