package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.util.RequestIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's write-ahead log on SQLite, under commits that never pause. */
class SqliteCheckpointerTest {
    private static final int RECORDS = 4000;
    private static final int RESTART_FRAMES = 64;

    @Test
    void theWriteAheadLogStartsOverInsteadOfGrowingWhileCommitsNeverPause(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("ledger.db-wal");
        long largestLog = 0;
        try (Database database = Database.sqlite(dir, "ledger.db");
             JdbcLedger ledger = new JdbcLedger(database, Durability.OS, GroupCommit.IMMEDIATE, Duration.ofMillis(5), RESTART_FRAMES)) {
            for (int i = 0; i < RECORDS; i++) { // one record a commit, back to back: the writer's busiest pattern
                ledger.append(ForwardingLedgerTest.record(RequestIds.next())).get();
                if (i % 50 == 0) {
                    largestLog = Math.max(largestLog, Files.size(log));
                }
            }
            assertThat(ledger.records(Instant.EPOCH, Instant.now().plusSeconds(1))).hasSize(RECORDS);
        }
        // Each commit writes about three pages (the row, the request id's index, the time index): without restarts
        // the log would hold them all, ~12,000 frames (~48 MB); with them it stays near RESTART_FRAMES plus what
        // arrives between two rounds of the checkpointer.
        assertThat(largestLog).as("largest write-ahead log seen, in bytes").isLessThan(8L << 20);
    }
}
