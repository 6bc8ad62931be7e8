package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.usage.Budget;
import dev.outcrop.usage.BudgetCounter;
import dev.outcrop.usage.Quota;
import dev.outcrop.usage.QuotaCounter;
import dev.outcrop.usage.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Quotas and budgets counted in a real PostgreSQL by several nodes at once (each its own pool and sessions). */
class ClusterCountersTest {
    private static final Selector ANY = Selector.parse("principal:alice");

    @Test
    void threeNodesSharingAQuotaOfOneHundredRequestsLetThroughOneHundred() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Quota quota = new Quota("team-a", ANY, 100, 0);
        try (PostgresNodes nodes = new PostgresNodes()) {
            List<JdbcQuotaCounter> counters = List.of(
                    new JdbcQuotaCounter(nodes.node(url, "a").database()),
                    new JdbcQuotaCounter(nodes.node(url, "b").database()),
                    new JdbcQuotaCounter(nodes.node(url, "c").database()));
            AtomicInteger taken = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            runConcurrently(24, 300, i -> {
                switch (counters.get(i % 3).take(List.of(quota), 10)) {
                    case QuotaCounter.Taken t -> taken.incrementAndGet();
                    case QuotaCounter.Refused r -> refused.incrementAndGet();
                }
            });
            assertThat(taken.get()).isEqualTo(100);
            assertThat(refused.get()).isEqualTo(200);
        }
    }

    @Test
    void aTokenQuotaCountsCorrectionsFromEveryNode() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Quota quota = new Quota("tokens", ANY, 0, 1000);
        try (PostgresNodes nodes = new PostgresNodes()) {
            JdbcQuotaCounter a = new JdbcQuotaCounter(nodes.node(url, "a").database());
            JdbcQuotaCounter b = new JdbcQuotaCounter(nodes.node(url, "b").database());
            QuotaCounter.Taken first = (QuotaCounter.Taken) a.take(List.of(quota), 900);
            assertThat(b.take(List.of(quota), 200)).isInstanceOf(QuotaCounter.Refused.class);
            first.corrector().correct(first, -800); // the call used 100 tokens, not 900
            assertThat(b.take(List.of(quota), 200)).isInstanceOf(QuotaCounter.Taken.class);
        }
    }

    @Test
    void aNodeReadsTheClustersMinuteAndAddsWhatItAdmittedWhileAway() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Quota quota = new Quota("thirty", ANY, 30, 1000);
        try (PostgresNodes nodes = new PostgresNodes()) {
            JdbcQuotaCounter a = new JdbcQuotaCounter(nodes.node(url, "a").database());
            JdbcQuotaCounter b = new JdbcQuotaCounter(nodes.node(url, "b").database());
            for (int i = 0; i < 10; i++) {
                a.take(List.of(quota), 20);
            }
            QuotaCounter.Window window = b.window(List.of(quota));
            assertThat(window.counts().stream().mapToLong(QuotaCounter.Count::requests).sum()).isEqualTo(10);
            assertThat(window.counts().stream().mapToLong(QuotaCounter.Count::tokens).sum()).isEqualTo(200);
            long second = window.millis() / 1000;
            b.add(List.of(new QuotaCounter.Count("thirty", second, 20, 400)));
            assertThat(a.take(List.of(quota), 0)).isInstanceOf(QuotaCounter.Refused.class); // 10 + 20 of 30
            assertThat(b.window(List.of(quota)).counts().stream().mapToLong(QuotaCounter.Count::requests).sum())
                    .isEqualTo(30);
        }
    }

    @Test
    void concurrentCallsOnThreeNodesEndABudgetAtOrBelowItsLimit() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Budget budget = new Budget("monthly", ANY, Budget.Period.MONTHLY, 1_000_000, List.of(), null);
        try (PostgresNodes nodes = new PostgresNodes()) {
            List<JdbcBudgetCounter> counters = new ArrayList<>();
            for (String id : List.of("a", "b", "c")) {
                counters.add(new JdbcBudgetCounter(nodes.node(url, id).database(), id, JdbcCluster.LIVENESS,
                        BudgetCounter.History.NONE));
            }
            AtomicLong spent = new AtomicLong();
            AtomicInteger refused = new AtomicInteger();
            // Each call may cost up to 30,000 and really costs 7,000 to 27,000.
            runConcurrently(24, 300, i -> {
                Instant now = Instant.now();
                switch (counters.get(i % 3).reserve(List.of(budget), now, 30_000)) {
                    case BudgetCounter.Held held -> {
                        long actual = 7_000 + (i * 7919L) % 20_000;
                        held.settler().settle(held, actual, now);
                        spent.addAndGet(actual);
                    }
                    case BudgetCounter.Refused r -> refused.incrementAndGet();
                }
            });
            BudgetCounter.Standing standing = counters.getFirst().standings(List.of(budget), Instant.now()).getFirst();
            assertThat(standing.spentMicros()).isEqualTo(spent.get()).isLessThanOrEqualTo(1_000_000);
            assertThat(standing.reservedMicros()).isZero();
            assertThat(refused.get()).isPositive();
            assertThat(standing.spentMicros()).isGreaterThan(1_000_000 - 30_000 - 27_000); // it was not refused early
        }
    }

    @Test
    void aNodeThatStopsBeatingNoLongerHoldsAnything() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Budget budget = new Budget("daily", ANY, Budget.Period.DAILY, 100_000, List.of(), null);
        try (PostgresNodes nodes = new PostgresNodes()) {
            PostgresNodes.Node crashed = nodes.node(url, "crashed");
            JdbcBudgetCounter a = new JdbcBudgetCounter(crashed.database(), "crashed", java.time.Duration.ofSeconds(2),
                    BudgetCounter.History.NONE);
            JdbcBudgetCounter b = new JdbcBudgetCounter(nodes.node(url, "b").database(), "b",
                    java.time.Duration.ofSeconds(2), BudgetCounter.History.NONE);
            assertThat(a.reserve(List.of(budget), Instant.now(), 80_000)).isInstanceOf(BudgetCounter.Held.class);
            assertThat(b.reserve(List.of(budget), Instant.now(), 80_000)).isInstanceOf(BudgetCounter.Refused.class);
            crashed.cluster().close(); // leaves: its hold lapses at once
            assertThat(b.reserve(List.of(budget), Instant.now(), 80_000)).isInstanceOf(BudgetCounter.Held.class);
        }
    }

    @Test
    void aBudgetFirstCountedInTheMiddleOfAPeriodStartsFromItsHistory() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Budget budget = new Budget("added-late", ANY, Budget.Period.MONTHLY, 100_000, List.of(), null);
        try (PostgresNodes nodes = new PostgresNodes()) {
            JdbcBudgetCounter counter = new JdbcBudgetCounter(nodes.node(url, "a").database(), "a", JdbcCluster.LIVENESS,
                    (b, periodStart) -> 90_000);
            assertThat(counter.reserve(List.of(budget), Instant.now(), 20_000)).isInstanceOf(BudgetCounter.Refused.class);
            assertThat(counter.reserve(List.of(budget), Instant.now(), 10_000)).isInstanceOf(BudgetCounter.Held.class);
        }
    }

    interface Call {
        void run(int i) throws Exception;
    }

    static void runConcurrently(int threads, int calls, Call call) throws Exception {
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                futures.add(pool.submit((Callable<Void>) () -> {
                    call.run(n);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }
}
