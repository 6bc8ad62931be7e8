package dev.outcrop.bench;

import dev.outcrop.store.Database;
import dev.outcrop.store.Durability;
import dev.outcrop.store.GroupCommit;
import dev.outcrop.store.JdbcLedger;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ledger's write-ahead log on SQLite under commits that never pause (one record a commit, back to back: the
 * writer's busiest pattern): how far the log's file grows after a warm-up, against the growth without restarts
 * (about three pages a commit), and what a commit costs meanwhile. How far it grows depends on how fast a
 * checkpoint round syncs the database file, which is why it is measured here and not asserted in a unit test.
 * Usage: {@code WalGrowthBenchmark [records]}.
 */
public final class WalGrowthBenchmark {
    private static final long PAGE = 4096;

    private WalGrowthBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int warmUp = records / 4;
        Path dir = Files.createTempDirectory("outcrop-wal-bench");
        Path log = dir.resolve("ledger.db-wal");
        long[] commitNanos = new long[records];
        long afterWarmUp = 0;
        long atTheEnd;
        try (Database database = Database.sqlite(dir, "ledger.db");
             JdbcLedger ledger = new JdbcLedger(database, Durability.OS, GroupCommit.IMMEDIATE)) {
            for (int i = 0; i < records; i++) {
                long start = System.nanoTime();
                ledger.append(record(i)).get();
                commitNanos[i] = System.nanoTime() - start;
                if (i == warmUp) {
                    afterWarmUp = Files.size(log);
                }
            }
            atTheEnd = Files.size(log); // before the ledger closes: a clean close removes the log
        }
        long withoutRestarts = (records - warmUp) * 3 * PAGE;
        Arrays.sort(commitNanos, warmUp, records);
        long[] measured = Arrays.copyOfRange(commitNanos, warmUp, records);
        System.out.printf(Locale.ROOT, "records %d, warm-up %d%n", records, warmUp);
        System.out.printf(Locale.ROOT, "log growth after the warm-up: %.1f MB (without restarts: ~%.1f MB)%n",
                (atTheEnd - afterWarmUp) / 1e6, withoutRestarts / 1e6);
        System.out.printf(Locale.ROOT, "commit ms: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f%n",
                at(measured, 0.50), at(measured, 0.99), at(measured, 0.999), measured[measured.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }

    private static UsageRecord record(int n) {
        return new UsageRecord(Instant.now(), "wal-" + n, "root", "Converse",
                "us.anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
                null, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", List.of("us-east-1"), 120, 300,
                0, 0, 25, 10, UsageRecord.SUCCESS, 405, Map.of("team", "search"));
    }
}
