package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.usage.Budget;
import java.util.List;

/**
 * A budget (an entry of {@code usage.budgets}; docs/costs.md).
 *
 * @param name its name
 * @param scope {@code tag:KEY=VALUE}, {@code profile:ARN} or {@code principal:NAME}
 * @param period the period the limit applies to (UTC)
 * @param limitUsd the limit in US dollars
 * @param thresholds fractions of the limit at which to notify
 * @param webhook where notifications are POSTed as JSON, or null
 */
public record BudgetConfig(String name, String scope, Period period, Double limitUsd, List<Double> thresholds,
                           String webhook) {
    static final ConfigOption<String> NAME = ConfigOption.text("name", null, "its name").documentedDefault("required");
    static final ConfigOption<String> SCOPE = ConfigOption.text("scope", null,
            "tag:KEY=VALUE, profile:ARN or principal:NAME").documentedDefault("required");
    static final ConfigOption<Period> PERIOD = ConfigOption.choice("period", Period.MONTHLY,
            "the period the limit applies to, in UTC");
    static final ConfigOption<Double> LIMIT_USD = ConfigOption.number("limitUsd", null,
            "the limit in US dollars (0 or more)").documentedDefault("required");
    static final ConfigOption<List<Double>> THRESHOLDS = ConfigOption.list("thresholds", "fractions",
            List.of(0.5, 0.8, 1.0), "fractions of the limit at which to notify, each in (0, 1]");
    static final ConfigOption<String> WEBHOOK = ConfigOption.text("webhook", null,
            "an http(s) URL notifications are POSTed to as JSON");
    static final ConfigSection SECTION = new ConfigSection("usage.budgets[]", BudgetConfig.class,
            List.of(NAME, SCOPE, PERIOD, LIMIT_USD, THRESHOLDS, WEBHOOK));

    /** The period a budget's limit applies to. */
    public enum Period implements ConfigChoice {
        DAILY("daily", Budget.Period.DAILY), MONTHLY("monthly", Budget.Period.MONTHLY);

        private final String configName;
        private final Budget.Period budgetPeriod;

        Period(String configName, Budget.Period budgetPeriod) {
            this.configName = configName;
            this.budgetPeriod = budgetPeriod;
        }

        @Override
        public String configName() {
            return configName;
        }

        /** The domain's period. */
        public Budget.Period budgetPeriod() {
            return budgetPeriod;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public BudgetConfig(@JsonProperty("name") String name, @JsonProperty("scope") String scope,
                        @JsonProperty("period") Period period, @JsonProperty("limitUsd") Double limitUsd,
                        @JsonProperty("thresholds") List<Double> thresholds, @JsonProperty("webhook") String webhook) {
        this.name = name;
        this.scope = scope;
        this.period = PERIOD.or(period);
        this.limitUsd = limitUsd;
        // Not List.copyOf: a null threshold is the file's mistake, reported by validate.
        this.thresholds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(THRESHOLDS.or(thresholds)));
        this.webhook = webhook;
    }

    void validate(int index, List<String> errors) {
        String path = "usage.budgets[" + index + "].";
        if (name == null || name.isBlank()) {
            errors.add(path + "name: missing");
        }
        UsageConfig.checkScope(path + "scope", scope, errors);
        if (limitUsd == null || limitUsd < 0) {
            errors.add(path + "limitUsd: " + limitUsd + " (expected: a dollar amount, 0 or more)");
        }
        if (thresholds.stream().anyMatch(t -> t == null || t <= 0 || t > 1)) {
            errors.add(path + "thresholds: " + thresholds + " (expected: fractions of the limit, in (0, 1])");
        }
        if (webhook != null && !webhook.matches("^https?://\\S+$")) {
            errors.add(path + "webhook: '" + webhook + "' (expected: an http(s) URL)");
        }
    }
}
