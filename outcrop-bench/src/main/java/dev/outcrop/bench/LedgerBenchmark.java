package dev.outcrop.bench;

import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.store.Database;
import dev.outcrop.store.ForwardingLedger;
import dev.outcrop.store.JdbcLedger;
import dev.outcrop.store.PostgresUrl;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The usage ledger on SQLite ({@code synchronous=FULL}, group commit): records per second sustained, and
 * the time from append to durable (what the ledger adds to every call), with 1 to 512 callers each
 * appending a record and waiting for it, as answered calls do. With {@code --postgres URL}, the ledger of
 * a cluster node: durable in the node's spool, then forwarded to PostgreSQL; each level also reports
 * the records PostgreSQL received per second and how many were still on their way when it ended.
 * Usage: {@code LedgerBenchmark [--postgres postgresql://...] [seconds]}.
 */
public final class LedgerBenchmark {
    private LedgerBenchmark() {}

    public static void main(String[] args) throws Exception {
        String postgres = args.length > 1 && args[0].equals("--postgres") ? args[1] : null;
        String[] rest = postgres == null ? args : java.util.Arrays.copyOfRange(args, 2, args.length);
        Duration phase = Duration.ofSeconds(rest.length > 0 ? Integer.parseInt(rest[0]) : 10);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("outcrop-ledger-bench");
        if (postgres == null) {
            System.out.printf(Locale.ROOT, "SQLite ledger, group commit, synchronous=FULL, %ds a level, %d cores%n%n",
                    phase.toSeconds(), Runtime.getRuntime().availableProcessors());
            System.out.println("| callers | records/s | append to durable p50 ms | p99 ms | p99.9 ms | records a commit "
                    + "| process CPU µs a record |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            try (Database database = Database.sqlite(dir); JdbcLedger ledger = new JdbcLedger(database)) {
                levels(ledger, phase, null);
            }
            return;
        }
        System.out.printf(Locale.ROOT, "Cluster node ledger: SQLite spool (synchronous=FULL) forwarded to PostgreSQL %s, "
                + "%ds a level, %d cores%n%n", PostgresUrl.parse(postgres), phase.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| callers | records/s | append to durable p50 ms | p99 ms | p99.9 ms | delivered to PostgreSQL/s "
                + "| still on their way at the end |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        try (Database shared = Database.postgresql(PostgresUrl.parse(postgres), new Database.PostgresSettings(16,
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30), "outcrop bench"));
             ForwardingLedger ledger = new ForwardingLedger(Database.sqlite(dir, "spool.db"), shared,
                     new StoreHealth(Clock.systemUTC()))) {
            levels(ledger, phase, ledger);
        }
    }

    private static void levels(Ledger ledger, Duration phase, ForwardingLedger forwarding) throws Exception {
        run(ledger, 64, Duration.ofSeconds(3), forwarding); // warm-up
        for (int callers : new int[] {1, 16, 128, 512}) {
            run(ledger, callers, phase, forwarding);
        }
    }

    private static void run(Ledger ledger, int callers, Duration phase, ForwardingLedger forwarding) throws Exception {
        long spooledBefore = forwarding == null ? 0 : forwarding.spooled();
        long commitsBefore = ledger instanceof JdbcLedger jdbc ? jdbc.commits() : 0;
        long cpuBefore = processCpuNanos();
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + phase.toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long n = sequence.incrementAndGet();
                        UsageRecord record = new UsageRecord(Instant.now(), "bench-" + callers + "-" + n, "root", "Converse",
                                "us.anthropic.claude-3-haiku-20240307-v1:0",
                                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
                                null, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", List.of("us-east-1"), 120, 300,
                                0, 0, 25, 10, UsageRecord.SUCCESS, 405, Map.of("team", "search"));
                        long t0 = System.nanoTime();
                        ledger.append(record).join();
                        latency.record(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicrosPerRecord = (processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, latency.count());
        long commits = ledger instanceof JdbcLedger jdbc ? jdbc.commits() - commitsBefore : 0;
        if (forwarding != null) {
            long left = forwarding.spooled();
            long delivered = spooledBefore + latency.count() - left;
            if (callers != 64) {
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.2f | %.0f | %d |%n", callers,
                        latency.count() / seconds, latency.percentileMillis(50), latency.percentileMillis(99),
                        latency.percentileMillis(99.9), delivered / seconds, left);
            }
            while (forwarding.spooled() > 0) { // the next level starts from an empty spool
                Thread.sleep(10);
            }
            return;
        }
        if (callers == 64) {
            return;
        }
        System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.2f | %.1f | %.1f |%n", callers,
                latency.count() / seconds, latency.percentileMillis(50), latency.percentileMillis(99),
                latency.percentileMillis(99.9), (double) latency.count() / Math.max(1, commits), cpuMicrosPerRecord);
    }

    /** CPU time of this whole process (the callers, the writer, the JVM), as the kernel counts it. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
