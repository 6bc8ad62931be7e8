package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A quota (an entry of {@code usage.quotas}; docs/costs.md).
 *
 * @param name its name
 * @param scope {@code profile:ARN} or {@code principal:NAME} (or {@code tag:KEY=VALUE})
 * @param requestsPerMinute 0 for no request limit
 * @param tokensPerMinute 0 for no token limit
 */
public record QuotaConfig(String name, String scope, long requestsPerMinute, long tokensPerMinute) {
    static final ConfigOption<String> NAME = ConfigOption.text("name", null, "its name").documentedDefault("required");
    static final ConfigOption<String> SCOPE = ConfigOption.text("scope", null,
            "profile:ARN, principal:NAME or tag:KEY=VALUE").documentedDefault("required");
    static final ConfigOption<Long> REQUESTS_PER_MINUTE = ConfigOption.longInteger("requestsPerMinute", 0,
            "requests a minute; 0 = no request limit (set this or tokensPerMinute)");
    static final ConfigOption<Long> TOKENS_PER_MINUTE = ConfigOption.longInteger("tokensPerMinute", 0,
            "tokens a minute; 0 = no token limit");
    static final ConfigSection SECTION = new ConfigSection("usage.quotas[]", QuotaConfig.class,
            List.of(NAME, SCOPE, REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE));

    /** Fills absent limits with their defaults. */
    @JsonCreator
    public QuotaConfig(@JsonProperty("name") String name, @JsonProperty("scope") String scope,
                       @JsonProperty("requestsPerMinute") Long requestsPerMinute,
                       @JsonProperty("tokensPerMinute") Long tokensPerMinute) {
        this(name, scope, REQUESTS_PER_MINUTE.or(requestsPerMinute).longValue(), TOKENS_PER_MINUTE.or(tokensPerMinute).longValue());
    }

    void validate(int index, List<String> errors) {
        String path = "usage.quotas[" + index + "].";
        if (name == null || name.isBlank()) {
            errors.add(path + "name: missing");
        }
        UsageConfig.checkScope(path + "scope", scope, errors);
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || requestsPerMinute + tokensPerMinute == 0) {
            errors.add(path + "requestsPerMinute/tokensPerMinute: set at least one, 1 or more");
        }
    }
}
