package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.store.Durability;
import dev.outcrop.store.GroupCommit;
import dev.outcrop.usage.Selector;
import java.time.Duration;
import java.util.List;

/**
 * Usage and cost ({@code usage}; docs/costs.md).
 *
 * @param prices price overrides, USD per 1,000 tokens
 * @param budgets spending limits
 * @param quotas rate limits
 * @param durability when a call's usage record counts as kept, before its answer
 * @param commitDelay how long the ledger's writer waits for more records before a commit once
 *        {@code commitDelayMinBatch} were waiting (zero: never), so that one sync serves them all
 * @param commitDelayMinBatch records waiting at a commit that make it wait {@code commitDelay}
 */
public record UsageConfig(List<PriceConfig> prices, List<BudgetConfig> budgets, List<QuotaConfig> quotas,
                          LedgerDurability durability, Duration commitDelay, int commitDelayMinBatch) {
    static final ConfigOption<LedgerDurability> DURABILITY = ConfigOption.choice("durability", LedgerDurability.DISK,
            "when a call's usage record counts as kept, before its answer: disk (synced, it survives a power cut) or "
                    + "os (written to the operating system: it survives Outcrop being killed, not a power cut)");
    static final ConfigOption<Duration> COMMIT_DELAY = ConfigOption.micros("commitDelayMicros",
            GroupCommit.DEFAULT.delay(), "the ledger waits this long before a commit once commitDelayMinBatch records "
                    + "wait, so that one disk sync serves more of them (0: commit at once; 0..1000000)");
    static final ConfigOption<Integer> COMMIT_DELAY_MIN_BATCH = ConfigOption.integer("commitDelayMinBatch",
            GroupCommit.DEFAULT.minBatch(), "records waiting at a commit that make it wait commitDelayMicros");
    static final ConfigSection SECTION = new ConfigSection("usage", UsageConfig.class,
            List.of(DURABILITY, COMMIT_DELAY, COMMIT_DELAY_MIN_BATCH));
    static final UsageConfig DEFAULT = new UsageConfig(null, null, null, null, null, null);

    /** When a call's usage record counts as kept. */
    public enum LedgerDurability implements ConfigChoice {
        DISK("disk", Durability.DISK), OS("os", Durability.OS);

        private final String configName;
        private final Durability durability;

        LedgerDurability(String configName, Durability durability) {
            this.configName = configName;
            this.durability = durability;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public UsageConfig(@JsonProperty("prices") List<PriceConfig> prices, @JsonProperty("budgets") List<BudgetConfig> budgets,
                       @JsonProperty("quotas") List<QuotaConfig> quotas,
                       @JsonProperty("durability") LedgerDurability durability,
                       @JsonProperty("commitDelayMicros") Integer commitDelayMicros,
                       @JsonProperty("commitDelayMinBatch") Integer commitDelayMinBatch) {
        this(prices != null ? List.copyOf(prices) : List.of(), budgets != null ? List.copyOf(budgets) : List.of(),
                quotas != null ? List.copyOf(quotas) : List.of(), DURABILITY.or(durability),
                COMMIT_DELAY.orMicros(commitDelayMicros == null ? null : commitDelayMicros.longValue()),
                COMMIT_DELAY_MIN_BATCH.or(commitDelayMinBatch));
    }

    /** The ledger's group commit. */
    public GroupCommit groupCommit() {
        return new GroupCommit(commitDelay, commitDelayMinBatch);
    }

    /** The ledger's durability. */
    public Durability ledgerDurability() {
        return durability.durability;
    }

    void validate(List<String> errors) {
        long micros = commitDelay.toNanos() / 1000;
        if (micros < 0 || micros > 1_000_000) {
            errors.add("usage.commitDelayMicros: " + micros + " (expected: 0..1000000)");
        }
        if (commitDelayMinBatch < 1) {
            errors.add("usage.commitDelayMinBatch: " + commitDelayMinBatch + " (expected: 1 or more)");
        }
        for (int i = 0; i < budgets.size(); i++) {
            budgets.get(i).validate(i, errors);
        }
        for (int i = 0; i < quotas.size(); i++) {
            quotas.get(i).validate(i, errors);
        }
        for (int i = 0; i < prices.size(); i++) {
            prices.get(i).validate(i, errors);
        }
    }

    static void checkScope(String path, String scope, List<String> errors) {
        if (scope == null) {
            errors.add(path + ": missing (expected: tag:KEY=VALUE, profile:ARN or principal:NAME)");
            return;
        }
        try {
            Selector.parse(scope);
        } catch (IllegalArgumentException e) {
            errors.add(path + ": " + e.getMessage());
        }
    }
}
