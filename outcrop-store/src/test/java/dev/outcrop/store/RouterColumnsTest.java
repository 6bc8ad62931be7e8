package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.usage.StoredAttribute;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router a call went through and the model it invoked survive the ledger table on SQLite and PostgreSQL. */
class RouterColumnsTest {
    private static final String ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1";
    private static final String INVOKED = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

    @TempDir
    Path dir;

    private static UsageRecord record(String requestId, Map<String, String> attributes) {
        return new UsageRecord(Instant.now().truncatedTo(ChronoUnit.MILLIS), requestId, "alice", "Converse", "model",
                null, null, "model", "us-east-1", List.of("us-east-1"), 1, 2, 0, 0, 5, 1, UsageRecord.SUCCESS, 3,
                Map.of(), Map.of(), attributes);
    }

    private static List<UsageRecord> roundTrip(Database database) {
        List<UsageRecord> records = List.of(record("routed", Map.of(StoredAttribute.PROMPT_ROUTER.key(), ROUTER,
                StoredAttribute.INVOKED_MODEL.key(), INVOKED, "notStored", "x")), record("direct", Map.of()));
        database.inTransaction(c -> {
            UsageTable.insert(c, records);
            return null;
        });
        return database.read(c -> UsageTable.between(c, Instant.EPOCH, Instant.now().plusSeconds(60)));
    }

    private static final List<Map<String, String>> EXPECTED = List.of(
            Map.of(StoredAttribute.PROMPT_ROUTER.key(), ROUTER, StoredAttribute.INVOKED_MODEL.key(), INVOKED), Map.of());

    @Test
    void routerAndInvokedModelAreStoredAndReadBackOnSqlite() {
        try (Database sqlite = Database.sqlite(dir, "ledger.db")) {
            assertThat(roundTrip(sqlite)).extracting(UsageRecord::attributes).containsExactlyElementsOf(EXPECTED);
        }
    }

    @Test
    void routerAndInvokedModelAreStoredAndReadBackOnPostgresql() {
        try (Database postgres = PostgresNodes.connect(PostgresServer.shared().newDatabase())) {
            assertThat(roundTrip(postgres)).extracting(UsageRecord::attributes).containsExactlyElementsOf(EXPECTED);
        }
    }
}
