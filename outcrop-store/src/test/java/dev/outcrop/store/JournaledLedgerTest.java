package dev.outcrop.store;

import static dev.outcrop.store.ForwardingLedgerTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's journal in front of the SQLite table: what an answer waits for, what a crash leaves, what is deleted. */
class JournaledLedgerTest {
    private static final Instant FROM = Instant.EPOCH;

    @TempDir
    Path dir;

    private Path journalDir() {
        return dir.resolve(JournaledLedger.DIRECTORY);
    }

    private JournaledLedger open(Database database, long segmentBytes) {
        return new JournaledLedger(journalDir(), new JdbcLedger(database, Durability.DISK, JournaledLedger.TABLE_COMMITS),
                Durability.DISK, GroupCommit.DEFAULT, segmentBytes);
    }

    private static List<String> ids(Ledger ledger) {
        return ledger.records(FROM, Instant.now().plusSeconds(60)).stream().map(UsageRecord::requestId).toList();
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(journalDir())) {
            return files.sorted().toList();
        }
    }

    @Test
    void recordsAnsweredFromTheJournalAreReadFromTheTableRightAfter() throws Exception {
        try (Database database = Database.sqlite(dir); JournaledLedger ledger = open(database, UsageJournal.SEGMENT_BYTES)) {
            List<CompletableFuture<Void>> durable = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                durable.add(ledger.append(record("r-" + i)));
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            assertThat(ids(ledger)).hasSize(500).contains("r-0", "r-499");
            assertThat(ledger.commits()).isBetween(1L, 500L);
        }
    }

    @Test
    void aJournalLeftByACrashIsLoadedIntoTheTableWhenTheLedgerOpensAndThenDeleted() throws Exception {
        UsageJournal crashed = new UsageJournal(journalDir(), Durability.DISK);
        crashed.append(List.of(record("crash-1"), record("crash-2")));
        crashed.append(List.of(record("crash-3")));
        // no seal, no release: the process died here

        try (Database database = Database.sqlite(dir); JournaledLedger ledger = open(database, UsageJournal.SEGMENT_BYTES)) {
            assertThat(ids(ledger)).containsExactlyInAnyOrder("crash-1", "crash-2", "crash-3");
            assertThat(segments()).noneMatch(p -> p.getFileName().toString().startsWith("00000000000000000001"));
        }
        assertThat(segments()).isEmpty();
    }

    @Test
    void aTornLastFrameIsLeftOutAndTheRecordsBeforeItAreKept() throws Exception {
        UsageJournal crashed = new UsageJournal(journalDir(), Durability.DISK);
        Path segment = crashed.append(List.of(record("whole-1"), record("whole-2"))).path();
        long end = UsageJournal.read(segment).size() == 2 ? endOfFrames(segment) : -1;
        // half a frame: a length and a checksum that do not match the bytes after them
        try (var channel = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 9, 9, 9}), end);
        }

        assertThat(UsageJournal.read(segment)).extracting(UsageRecord::requestId).containsExactly("whole-1", "whole-2");
        try (Database database = Database.sqlite(dir); JournaledLedger ledger = open(database, UsageJournal.SEGMENT_BYTES)) {
            assertThat(ids(ledger)).containsExactlyInAnyOrder("whole-1", "whole-2");
        }
    }

    @Test
    void aRecordBothInTheTableAndInTheJournalCountsOnce() throws Exception {
        try (Database database = Database.sqlite(dir); JdbcLedger table = new JdbcLedger(database)) {
            table.append(record("twice")).get(10, TimeUnit.SECONDS); // the table committed, then the crash came
        }
        new UsageJournal(journalDir(), Durability.DISK).append(List.of(record("twice"), record("once")));

        try (Database database = Database.sqlite(dir); JournaledLedger ledger = open(database, UsageJournal.SEGMENT_BYTES)) {
            assertThat(ids(ledger)).containsExactlyInAnyOrder("twice", "once");
        }
    }

    @Test
    void fullSegmentsAreDeletedOnceTheTableHasTheirRecords() throws Exception {
        try (Database database = Database.sqlite(dir); JournaledLedger ledger = open(database, 16 * 1024)) {
            for (int batch = 0; batch < 40; batch++) {
                List<CompletableFuture<Void>> durable = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    durable.add(ledger.append(record("s-" + batch + "-" + i)));
                }
                CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            }
            assertThat(ids(ledger)).hasSize(800); // waits for the table to have every record
            // ~300 KB of records in segments of 16 KB: only the one being written and the one made ahead are left
            assertThat(segments().size()).isLessThanOrEqualTo(2);
        }
        assertThat(segments()).isEmpty();
    }

    @Test
    void answersDoNotWaitForTheTableAndWhatItNeverTookIsLoadedAtTheNextStart() throws Exception {
        Ledger stuck = new StuckTable();
        JournaledLedger ledger = new JournaledLedger(journalDir(), stuck, Durability.DISK, GroupCommit.DEFAULT);
        ledger.append(record("kept-1")).get(10, TimeUnit.SECONDS);
        ledger.append(record("kept-2")).get(10, TimeUnit.SECONDS);
        ledger.close();
        assertThat(segments()).isNotEmpty();

        try (Database database = Database.sqlite(dir); JournaledLedger reopened = open(database, UsageJournal.SEGMENT_BYTES)) {
            assertThat(ids(reopened)).containsExactlyInAnyOrder("kept-1", "kept-2");
        }
        assertThat(segments()).isEmpty();
    }

    @Test
    void aClosedLedgerRefusesRecords() throws Exception {
        JournaledLedger ledger;
        try (Database database = Database.sqlite(dir)) {
            ledger = open(database, UsageJournal.SEGMENT_BYTES);
            ledger.close();
        }
        assertThat(ledger.append(record("late"))).isCompletedExceptionally();
    }

    /** Bytes up to the end of the last whole frame: the frames' lengths added up. */
    private static long endOfFrames(Path segment) throws Exception {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment));
        long end = 0;
        while (bytes.remaining() >= 8) {
            int length = bytes.getInt(bytes.position());
            if (length <= 0) {
                break;
            }
            end += 8 + length;
            bytes.position((int) end);
        }
        return end;
    }

    /** A table that takes records and never makes one durable: a database that is away. */
    private static final class StuckTable implements Ledger {
        @Override
        public CompletableFuture<Void> append(UsageRecord record) {
            return new CompletableFuture<>();
        }

        @Override
        public List<UsageRecord> records(Instant from, Instant to) {
            return List.of();
        }

        @Override
        public int backlog() {
            return 0;
        }

        @Override
        public void close() {}
    }
}
