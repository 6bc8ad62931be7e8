package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.util.RequestIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's write-ahead log on SQLite starts over instead of growing. How far it grows under commits that never
 * pause depends on how fast the disk syncs, so it is measured by {@code WalGrowthBenchmark}, not asserted here.
 */
class SqliteCheckpointerTest {
    private static final int BURST = 300;
    private static final int RESTART_FRAMES = 64;

    @Test
    void theWriteAheadLogStartsOverOnceItHoldsTheRestartBound(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("ledger.db-wal");
        try (Database database = Database.sqlite(dir, "ledger.db");
             JdbcLedger ledger = new JdbcLedger(database, Durability.OS, GroupCommit.IMMEDIATE, Duration.ofMillis(5), RESTART_FRAMES)) {
            append(ledger, BURST); // several pages a commit: far more frames than the restart bound

            // Without a restart every commit appends frames, so the file grows; a commit that leaves its size as it
            // was wrote at the log's start: the checkpointer restarted it. How far the log grows between restarts
            // depends on the disk and the machine's load, so it is not asserted here.
            long before;
            do {
                Thread.sleep(10); // polled, not timed: the test's default timeout ends a log that never restarts
                before = Files.size(log);
                append(ledger, 1);
            } while (Files.size(log) > before);

            assertThat(ledger.records(Instant.EPOCH, Instant.now().plusSeconds(1))).hasSizeGreaterThan(BURST);
        }
    }

    private static void append(JdbcLedger ledger, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            ledger.append(ForwardingLedgerTest.record(RequestIds.next())).get();
        }
    }
}
