package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The identity in the ARNs Outcrop issues ({@code account}).
 *
 * @param id the 12-digit account id
 * @param partition the ARN partition
 * @param defaultRegion the region of requests that name none
 */
public record AccountConfig(String id, Partition partition, String defaultRegion) {
    static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");
    static final ConfigOption<String> ID = ConfigOption.text("id", "123456789012",
            "the 12-digit account id in every ARN Outcrop issues (quote it in YAML)");
    static final ConfigOption<Partition> PARTITION = ConfigOption.choice("partition", Partition.AWS,
            "the partition of every ARN Outcrop issues");
    static final ConfigOption<String> DEFAULT_REGION = ConfigOption.text("defaultRegion", "us-east-1",
            "the region of requests that carry no SigV4 credential scope");
    static final ConfigSection SECTION = new ConfigSection("account", AccountConfig.class,
            List.of(ID, PARTITION, DEFAULT_REGION));
    static final AccountConfig DEFAULT = new AccountConfig(null, null, null);

    /** The partitions of AWS. */
    public enum Partition implements ConfigChoice {
        AWS("aws"), AWS_US_GOV("aws-us-gov"), AWS_CN("aws-cn"), AWS_ISO("aws-iso"), AWS_ISO_B("aws-iso-b");

        private final String configName;

        Partition(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public AccountConfig(@JsonProperty("id") String id, @JsonProperty("partition") Partition partition,
                         @JsonProperty("defaultRegion") String defaultRegion) {
        this.id = ID.or(id);
        this.partition = PARTITION.or(partition);
        this.defaultRegion = DEFAULT_REGION.or(defaultRegion);
    }

    /** The partition as ARNs spell it. */
    public String partitionName() {
        return partition.configName();
    }

    void validate(List<String> errors) {
        if (!ACCOUNT_ID.matcher(id).matches()) {
            errors.add("account.id: '" + id + "' (expected: 12 digits)");
        }
        if (!REGION.matcher(defaultRegion).matches()) {
            errors.add("account.defaultRegion: '" + defaultRegion + "' (expected: a region name such as us-east-1)");
        }
    }
}
