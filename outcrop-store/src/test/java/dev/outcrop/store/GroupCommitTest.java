package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.util.RequestIds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the ledger's writer gathers records into commits. */
class GroupCommitTest {

    @Test
    void recordsArrivingDuringTheDelayShareTheCommitOfThoseThatWereWaiting(@TempDir Path dir) throws Exception {
        // minBatch 1: every commit waits; 300 ms is far longer than appending the rest takes.
        GroupCommit gather = new GroupCommit(Duration.ofMillis(300), 1);
        try (Database database = Database.sqlite(dir, "ledger.db");
             JdbcLedger ledger = new JdbcLedger(database, Durability.DISK, gather)) {
            List<CompletableFuture<Void>> durable = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                durable.add(ledger.append(ForwardingLedgerTest.record(RequestIds.next())));
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get();

            assertThat(ledger.commits()).isLessThanOrEqualTo(2); // the first record's commit, or it and one more
            assertThat(ledger.records(Instant.EPOCH, Instant.now().plusSeconds(1))).hasSize(20);
        }
    }

    @Test
    void withoutADelayEachRecordAppendedAfterTheLastWasDurableHasACommitOfItsOwn(@TempDir Path dir) throws Exception {
        try (Database database = Database.sqlite(dir, "ledger.db");
             JdbcLedger ledger = new JdbcLedger(database, Durability.DISK, GroupCommit.IMMEDIATE)) {
            for (int i = 0; i < 5; i++) {
                ledger.append(ForwardingLedgerTest.record(RequestIds.next())).get();
            }
            assertThat(ledger.commits()).isEqualTo(5);
        }
    }

    @Test
    void onlyABacklogOfAtLeastMinBatchRecordsWaitsForMore() {
        GroupCommit rule = new GroupCommit(Duration.ofMillis(1), 4);

        assertThat(rule.waitsFor(1)).isFalse();
        assertThat(rule.waitsFor(3)).isFalse();
        assertThat(rule.waitsFor(4)).isTrue();
        assertThat(GroupCommit.IMMEDIATE.waitsFor(1000)).isFalse();
    }

    @Test
    void aDelayOutsideZeroToOneSecondOrAMinBatchBelowOneIsRefused() {
        assertThatThrownBy(() -> new GroupCommit(Duration.ofMillis(-1), 4)).hasMessageContaining("delay: PT-0.001S (expected: 0..1 s)");
        assertThatThrownBy(() -> new GroupCommit(Duration.ofSeconds(2), 4)).hasMessageContaining("(expected: 0..1 s)");
        assertThatThrownBy(() -> new GroupCommit(Duration.ZERO, 0)).hasMessageContaining("minBatch: 0 (expected: 1 or more)");
    }
}
