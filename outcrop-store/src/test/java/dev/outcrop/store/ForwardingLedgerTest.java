package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.usage.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool-and-forward ledger of a cluster node over a real PostgreSQL that stops and comes back. */
class ForwardingLedgerTest {
    @TempDir
    Path dir;

    static UsageRecord record(String requestId) {
        return new UsageRecord(Instant.now().truncatedTo(ChronoUnit.MILLIS), requestId, "alice", "Converse", "model",
                "arn:aws:bedrock:us-east-1::foundation-model/model", null, "model", "us-east-1", List.of("us-east-1"), 10, 20,
                0, 0, 5, 1, UsageRecord.SUCCESS, 123, Map.of("team", "a"));
    }

    @Test
    void recordsKeptWhileTheDatabaseIsAwayAreDeliveredOnceWhenItReturns() throws Exception {
        PostgresServer postgres = PostgresServer.start(); // its own server: this test stops it
        try (postgres; PostgresNodes nodes = new PostgresNodes()) {
            String url = postgres.newDatabase();
            PostgresNodes.Node node = nodes.node(url, "a");
            ForwardingLedger ledger = nodes.closeLater(new ForwardingLedger(Database.sqlite(dir, "spool.db"),
                    node.database(), node.health()));

            appendAll(ledger, "before-", 300);
            await(() -> ledger.spooled() == 0);
            assertThat(countIn(url)).isEqualTo(300);

            postgres.stop(false); // as a crash: sessions cut at once
            appendAll(ledger, "during-", 300); // answered: durable in the spool
            await(() -> !node.health().reachable());
            assertThat(ledger.spooled()).isEqualTo(300);

            postgres.restart();
            await(() -> node.health().reachable() && ledger.spooled() == 0);
            assertThat(countIn(url)).isEqualTo(600);
            Set<String> ids = ledger.records(Instant.now().minusSeconds(600), Instant.now().plusSeconds(1)).stream()
                    .map(UsageRecord::requestId).collect(Collectors.toSet());
            assertThat(ids).hasSize(600);
        }
    }

    @Test
    void aSpoolLeftByACrashedNodeIsDeliveredWhenItStartsAgainAndCountedOnce() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            PostgresNodes.Node node = nodes.node(url, "a");
            // A spool holding records some of which the database already has (the crash came between the
            // database's commit and the spool's delete).
            try (Database spool = Database.sqlite(dir, "spool.db")) {
                List<UsageRecord> records = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    records.add(record("left-" + i));
                }
                spool.inTransaction(c -> {
                    UsageTable.insert(c, records);
                    return null;
                });
                node.database().inTransaction(c -> {
                    UsageTable.insert(c, records.subList(0, 20));
                    return null;
                });
            }
            ForwardingLedger ledger = nodes.closeLater(new ForwardingLedger(Database.sqlite(dir, "spool.db"),
                    node.database(), node.health()));
            await(() -> ledger.spooled() == 0);
            assertThat(countIn(url)).isEqualTo(50);
        }
    }

    private static void appendAll(ForwardingLedger ledger, String prefix, int n) throws Exception {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            durable.add(ledger.append(record(prefix + i)));
        }
        CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    static long countIn(String url) {
        try (Database database = PostgresNodes.connect(url)) {
            return database.read(UsageTable::count);
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
