package dev.outcrop.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A usage report grouped by router reads the router each record stored. */
class UsageReportRouterTest {
    private static final String ROUTER = "arn:aws:bedrock:us-east-1:123456789012:prompt-router/abcdefghijkl";

    private static UsageRecord record(String requestId, String modelIdCalled, Map<String, String> attributes) {
        return new UsageRecord(Instant.EPOCH, requestId, "alice", "Converse", modelIdCalled, null, null, "model",
                "us-east-1", List.of("us-east-1"), 1, 2, 0, 0, 5, 1, UsageRecord.SUCCESS, 3, Map.of(), Map.of(),
                attributes);
    }

    @Test
    void callsAreGroupedByTheStoredRouterAndOthersUnderNone() {
        List<UsageRecord> records = List.of(
                record("a", "support", Map.of(StoredAttribute.PROMPT_ROUTER.key(), ROUTER)),
                record("b", "anthropic.claude-3-haiku-20240307-v1:0", Map.of()));
        assertThat(UsageReport.build(records, "router", UsageReport.Granularity.TOTAL))
                .extracting(UsageReport.Row::group, UsageReport.Row::calls)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(ROUTER, 1L),
                        org.assertj.core.groups.Tuple.tuple("(none)", 1L));
    }

    @Test
    void attributesThatAreNotStoredAreDroppedFromTheRecord() {
        assertThat(record("c", "m", Map.of("somethingElse", "x")).attributes()).isEmpty();
    }
}
