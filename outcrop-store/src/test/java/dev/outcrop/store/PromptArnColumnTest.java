package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt version a call ran through survives the ledger table on SQLite and on PostgreSQL alike. */
class PromptArnColumnTest {
    private static final String VERSION = "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT0001:3";

    @TempDir
    Path dir;

    private static UsageRecord record(String requestId, String promptArn) {
        return new UsageRecord(Instant.now().truncatedTo(ChronoUnit.MILLIS), requestId, "alice", "Converse", "model",
                null, null, "model", "us-east-1", List.of("us-east-1"), 1, 2, 0, 0, 5, 1, UsageRecord.SUCCESS, 3,
                Map.of(), Map.of(),
                promptArn == null ? Map.of() : Map.of(UsageAccounting.Call.PROMPT_ARN, promptArn));
    }

    private static List<String> roundTrip(Database database) {
        database.inTransaction(c -> {
            UsageTable.insert(c, List.of(record("through", VERSION), record("direct", null)));
            return null;
        });
        return database.read(c -> UsageTable.between(c, Instant.EPOCH, Instant.now().plusSeconds(60))).stream()
                .map(UsageRecord::promptArn).toList();
    }

    @Test
    void thePromptArnIsStoredAndReadBackOnSqlite() {
        try (Database sqlite = Database.sqlite(dir, "ledger.db")) {
            assertThat(roundTrip(sqlite)).isEqualTo(Arrays.asList(VERSION, null));
        }
    }

    @Test
    void thePromptArnIsStoredAndReadBackOnPostgresql() {
        try (Database postgres = PostgresNodes.connect(PostgresServer.shared().newDatabase())) {
            assertThat(roundTrip(postgres)).isEqualTo(Arrays.asList(VERSION, null));
        }
    }
}
