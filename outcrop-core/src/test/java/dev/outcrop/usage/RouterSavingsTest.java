package dev.outcrop.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a router saved: the cost priced against the same tokens at the router's stronger model in the region that
 * served each call, an answer a cascade set aside counting only on the priced side.
 */
class RouterSavingsTest {
    private static final String ROUTER = "arn:aws:bedrock:us-east-1:123456789012:prompt-router/abcdefghijkl";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static final PriceBook PRICES = new PriceBook(Map.of(HAIKU, new Price(250, 1250, 0, 0),
            SONNET, new Price(3000, 15000, 0, 0)), Map.of(SONNET + "@us-west-2", new Price(6000, 30000, 0, 0)));

    private static UsageRecord record(String model, String region, long in, long out, String cascade, String baseline) {
        Map<String, String> attributes = new java.util.HashMap<>();
        attributes.put(StoredAttribute.PROMPT_ROUTER.key(), ROUTER);
        if (cascade != null) {
            attributes.put(StoredAttribute.ROUTER_CASCADE.key(), cascade);
        }
        if (baseline != null) {
            attributes.put(StoredAttribute.ROUTER_BASELINE.key(), baseline);
        }
        long cost = PRICES.price(model, region).cost(in, out, 0, 0);
        return new UsageRecord(Instant.EPOCH, model + in, "alice", "Converse", ROUTER, null, null, model,
                "us-east-1", List.of(region), in, out, 0, 0, 5, 1, UsageRecord.SUCCESS, cost, Map.of(), Map.of(),
                attributes);
    }

    @Test
    void eachRoutedCallIsPricedAtTheStrongerModelInTheRegionThatServedIt() {
        List<UsageRecord> records = List.of(
                record(HAIKU, "us-east-1", 1000, 1000, null, SONNET),          // routed to the cheaper model
                record(SONNET, "us-east-1", 2000, 1000, null, SONNET),         // routed to the stronger one
                record(HAIKU, "us-west-2", 1000, 2000, "cheaper", SONNET),     // a cascade's answer that passed
                new UsageRecord(Instant.EPOCH, "other", "alice", "Converse", HAIKU, null, null, HAIKU, "us-east-1",
                        List.of("us-east-1"), 1000, 1000, 0, 0, 5, 1, UsageRecord.SUCCESS, 1, Map.of(), Map.of(),
                        Map.of()));                                             // through no router

        List<UsageReport.RouterSaving> savings = UsageReport.savings(records, PRICES);

        assertThat(savings).singleElement().satisfies(s -> {
            assertThat(s.router()).isEqualTo(ROUTER);
            assertThat(s.calls()).isEqualTo(3);
            assertThat(s.escalations()).isZero();
            double cost = (250 + 1250) + (6000 + 15000) + (250 + 2500);
            double stronger = (3000 + 15000) + (6000 + 15000) + (6000 + 60000);
            assertThat(s.costUsd()).isCloseTo(cost / 1e6, within(1e-9));
            assertThat(s.strongerCostUsd()).isCloseTo(stronger / 1e6, within(1e-9));
            assertThat(s.savedUsd()).isCloseTo((stronger - cost) / 1e6, within(1e-9));
            assertThat(s.savedShare()).isCloseTo((stronger - cost) / stronger, within(1e-9));
        });
    }

    @Test
    void anAnswerSetAsideCostsWithoutCountingOnTheStrongerSide() {
        List<UsageRecord> records = List.of(
                record(HAIKU, "us-east-1", 1000, 1000, "superseded:truncation", null),
                record(SONNET, "us-east-1", 1000, 1000, "escalated:truncation", SONNET));

        UsageReport.RouterSaving saving = UsageReport.savings(records, PRICES).getFirst();

        assertThat(saving.calls()).isEqualTo(2);
        assertThat(saving.escalations()).isEqualTo(1);
        assertThat(saving.strongerCostUsd()).isCloseTo(18000 / 1e6, within(1e-9));
        assertThat(saving.savedUsd()).isCloseTo(-1500 / 1e6, within(1e-9));
        assertThat(UsageReport.savingsText(List.of(saving))).contains("(1 set aside by the cascade)")
                .contains("saved $-0.001500");
    }

    @Test
    void aRecordKeptBeforeTheBaselineWasRecordedClaimsNoSaving() {
        UsageReport.RouterSaving saving = UsageReport.savings(List.of(record(HAIKU, "us-east-1", 1000, 1000, null,
                null)), PRICES).getFirst();

        assertThat(saving.savedUsd()).isZero();
    }
}
