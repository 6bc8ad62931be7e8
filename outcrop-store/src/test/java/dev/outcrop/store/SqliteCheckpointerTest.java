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
    private static final int WARM_UP = 2000;
    private static final int RECORDS = 8000;
    private static final int RESTART_FRAMES = 64;
    private static final long PAGE = 4096;

    @Test
    void theWriteAheadLogStartsOverInsteadOfGrowingWhileCommitsNeverPause(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("ledger.db-wal");
        long afterWarmUp = 0;
        long atTheEnd;
        try (Database database = Database.sqlite(dir, "ledger.db");
             JdbcLedger ledger = new JdbcLedger(database, Durability.OS, GroupCommit.IMMEDIATE, Duration.ofMillis(5), RESTART_FRAMES)) {
            for (int i = 0; i < RECORDS; i++) { // one record a commit, back to back: the writer's busiest pattern
                ledger.append(ForwardingLedgerTest.record(RequestIds.next())).get();
                if (i == WARM_UP) {
                    afterWarmUp = Files.size(log);
                }
            }
            atTheEnd = Files.size(log); // before the ledger closes: a clean close removes the log
            assertThat(ledger.records(Instant.EPOCH, Instant.now().plusSeconds(1))).hasSize(RECORDS);
        }
        // Each commit writes about three pages (the row, the request id's index, the time index). Without restarts
        // the log would grow by all of them, ~18,000 frames (~72 MB) after the warm-up; with them its file grows only
        // while a checkpoint round is slower than the commits, and then stays at its largest size. The file's size,
        // not the frames in use, is measured, so the bound is a third of the growth without restarts: it leaves room
        // for a round stalled a quarter of a second by a slow disk sync of the database file (one full build on this
        // machine saw the log reach 21 MB, in a shorter run measured from the start).
        long withoutRestarts = (RECORDS - WARM_UP) * 3 * PAGE;
        assertThat(atTheEnd - afterWarmUp).as("growth of the write-ahead log after the warm-up, in bytes")
                .isLessThan(withoutRestarts / 3);
    }
}
