package dev.outcrop.bench;

import dev.outcrop.store.Database;
import dev.outcrop.store.JdbcLedger;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * appending a record and waiting for it, as answered calls do. Usage: {@code LedgerBenchmark [seconds]}.
 */
public final class LedgerBenchmark {
    private LedgerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("outcrop-ledger-bench");
        System.out.printf(Locale.ROOT, "SQLite ledger, group commit, synchronous=FULL, %ds a level, %d cores%n%n",
                phase.toSeconds(), Runtime.getRuntime().availableProcessors());
        System.out.println("| callers | records/s | append to durable p50 ms | p99 ms | p99.9 ms |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        try (Database database = Database.sqlite(dir); JdbcLedger ledger = new JdbcLedger(database)) {
            run(ledger, 64, Duration.ofSeconds(3)); // warm-up
            for (int callers : new int[] {1, 16, 128, 512}) {
                run(ledger, callers, phase);
            }
        }
    }

    private static void run(JdbcLedger ledger, int callers, Duration phase) throws Exception {
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
        if (callers == 64) {
            return;
        }
        System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.2f |%n", callers, latency.count() / seconds,
                latency.percentileMillis(50), latency.percentileMillis(99), latency.percentileMillis(99.9));
    }
}
