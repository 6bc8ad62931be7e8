package dev.outcrop.bench;

import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.store.Database;
import dev.outcrop.store.JdbcBudgetCounter;
import dev.outcrop.store.JdbcCluster;
import dev.outcrop.store.JdbcQuotaCounter;
import dev.outcrop.store.PostgresUrl;
import dev.outcrop.usage.Budget;
import dev.outcrop.usage.BudgetCounter;
import dev.outcrop.usage.LocalBudgetCounter;
import dev.outcrop.usage.LocalQuotaCounter;
import dev.outcrop.usage.Quota;
import dev.outcrop.usage.QuotaCounter;
import dev.outcrop.usage.Selector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What cluster-wide quotas and budgets cost a call: three nodes (a connection pool each) on one
 * PostgreSQL, callers spread over them, every call counted against one quota (taking it, then correcting
 * its tokens) or one budget (reserving, then settling), as a call that a quota or budget counts does.
 * The same calls against the in-process counters of one node give the baseline, in the same run.
 * Usage: {@code ClusterLimitsBenchmark --postgres postgresql://USER@HOST:PORT/DATABASE [seconds]}
 * ({@code scripts/bench cluster [seconds]} starts a throwaway PostgreSQL for it).
 */
public final class ClusterLimitsBenchmark {
    private static final Selector ANY = Selector.parse("principal:bench");

    private ClusterLimitsBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length < 2 || !args[0].equals("--postgres")) {
            System.err.println("usage: ClusterLimitsBenchmark --postgres postgresql://USER@HOST:PORT/DATABASE [seconds]");
            System.exit(2);
        }
        PostgresUrl url = PostgresUrl.parse(args[1]);
        Duration phase = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 10);
        List<Database> nodes = new ArrayList<>();
        List<JdbcCluster> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Database database = Database.postgresql(url, new Database.PostgresSettings(32, Duration.ofSeconds(3),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), "outcrop bench"));
            nodes.add(database);
            members.add(JdbcCluster.join(database, new StoreHealth(Clock.systemUTC()), "bench-" + i, "bench", "bench",
                    "bench", () -> 0));
        }
        Quota quota = new Quota("bench-quota", ANY, Long.MAX_VALUE / 4, 0);
        Budget budget = new Budget("bench-budget", ANY, Budget.Period.MONTHLY, Long.MAX_VALUE / 4, List.of(), null);
        List<QuotaCounter> sharedQuotas = nodes.stream().<QuotaCounter>map(JdbcQuotaCounter::new).toList();
        List<BudgetCounter> sharedBudgets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sharedBudgets.add(new JdbcBudgetCounter(nodes.get(i), "bench-" + i, JdbcCluster.LIVENESS,
                    BudgetCounter.History.NONE));
        }
        LocalQuotaCounter localQuota = new LocalQuotaCounter(System::currentTimeMillis);
        LocalBudgetCounter localBudget = new LocalBudgetCounter(BudgetCounter.History.NONE);

        System.out.printf(Locale.ROOT, "PostgreSQL %s, 3 nodes (a pool of 32 each), %ds a level, %d cores%n%n", url,
                phase.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.println("| counter | callers | calls/s | p50 ms | p99 ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        Call quotaCall = node -> {
            QuotaCounter.Taken taken = (QuotaCounter.Taken) sharedQuotas.get(node).take(List.of(quota), 500);
            taken.corrector().correct(taken, -200);
        };
        Call budgetCall = node -> {
            Instant now = Instant.now();
            BudgetCounter.Held held = (BudgetCounter.Held) sharedBudgets.get(node).reserve(List.of(budget), now, 500);
            held.settler().settle(held, 300, now);
        };
        run("(warm-up)", 16, Duration.ofSeconds(3), quotaCall);
        run("(warm-up)", 16, Duration.ofSeconds(3), budgetCall);
        for (int callers : new int[] {1, 16, 64}) {
            Duration brief = Duration.ofSeconds(Math.min(2, phase.toSeconds())); // millions a second: keep samples few
            run("in-process quota", callers, brief, node -> {
                QuotaCounter.Taken taken = (QuotaCounter.Taken) localQuota.take(List.of(quota), 500);
                taken.corrector().correct(taken, -200);
            });
            run("cluster quota", callers, phase, quotaCall);
            run("in-process budget", callers, brief, node -> {
                Instant now = Instant.now();
                BudgetCounter.Held held = (BudgetCounter.Held) localBudget.reserve(List.of(budget), now, 500);
                held.settler().settle(held, 300, now);
            });
            run("cluster budget", callers, phase, budgetCall);
        }
        members.forEach(JdbcCluster::close);
        nodes.forEach(Database::close);
    }

    interface Call {
        void on(int node) throws Exception;
    }

    private static void run(String name, int callers, Duration phase, Call call) throws Exception {
        LatencyRecorder latency = new LatencyRecorder();
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int node = c % 3;
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        call.on(node);
                        latency.record(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        if (name.startsWith("(")) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f |%n", name, callers, latency.count() / seconds,
                latency.percentileMillis(50), latency.percentileMillis(99));
    }
}
