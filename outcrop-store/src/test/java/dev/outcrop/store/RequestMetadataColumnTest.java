package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.usage.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A usage record's request metadata survives the ledger table on SQLite and on PostgreSQL alike. */
class RequestMetadataColumnTest {
    @TempDir
    Path dir;

    private static UsageRecord record(String requestId, Map<String, String> metadata) {
        return new UsageRecord(Instant.now().truncatedTo(ChronoUnit.MILLIS), requestId, "alice", "Converse", "model",
                null, null, "model", "us-east-1", List.of("us-east-1"), 1, 2, 0, 0, 5, 1, UsageRecord.SUCCESS, 3,
                Map.of(), metadata);
    }

    private static List<UsageRecord> roundTrip(Database database) {
        List<UsageRecord> records = List.of(record("with", Map.of("tenant", "acme", "feature", "chat")),
                record("without", Map.of()));
        database.inTransaction(c -> {
            UsageTable.insert(c, records);
            return null;
        });
        return database.read(c -> UsageTable.between(c, Instant.EPOCH, Instant.now().plusSeconds(60)));
    }

    @Test
    void requestMetadataIsStoredAndReadBackOnSqlite() {
        try (Database sqlite = Database.sqlite(dir, "ledger.db")) {
            assertThat(roundTrip(sqlite)).extracting(UsageRecord::requestMetadata)
                    .containsExactly(Map.of("tenant", "acme", "feature", "chat"), Map.of());
        }
    }

    @Test
    void requestMetadataIsStoredAndReadBackOnPostgresql() {
        try (Database postgres = PostgresNodes.connect(PostgresServer.shared().newDatabase())) {
            assertThat(roundTrip(postgres)).extracting(UsageRecord::requestMetadata)
                    .containsExactly(Map.of("tenant", "acme", "feature", "chat"), Map.of());
        }
    }
}
