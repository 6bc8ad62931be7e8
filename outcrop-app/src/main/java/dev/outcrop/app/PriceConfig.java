package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A price override for a model, in every region or in one (an entry of {@code usage.prices}; docs/costs.md).
 *
 * @param model the foundation-model id
 * @param region the region, or null for every region
 * @param input USD per 1,000 input tokens
 * @param output USD per 1,000 output tokens
 * @param cacheRead USD per 1,000 cache-read tokens, or null for a tenth of input
 * @param cacheWrite USD per 1,000 cache-write tokens, or null for 1.25 times input
 */
public record PriceConfig(String model, String region, Double input, Double output, Double cacheRead,
                          Double cacheWrite) {
    static final ConfigOption<String> MODEL = ConfigOption.text("model", null, "the foundation-model id")
            .documentedDefault("required");
    static final ConfigOption<String> REGION = ConfigOption.text("region", null, "the region; none: every region");
    static final ConfigOption<Double> INPUT = ConfigOption.number("input", null, "USD per 1,000 input tokens")
            .documentedDefault("required");
    static final ConfigOption<Double> OUTPUT = ConfigOption.number("output", null, "USD per 1,000 output tokens")
            .documentedDefault("required");
    static final ConfigOption<Double> CACHE_READ = ConfigOption.number("cacheRead", null,
            "USD per 1,000 cache-read tokens").documentedDefault("a tenth of input");
    static final ConfigOption<Double> CACHE_WRITE = ConfigOption.number("cacheWrite", null,
            "USD per 1,000 cache-write tokens").documentedDefault("1.25 times input");
    static final ConfigSection SECTION = new ConfigSection("usage.prices[]", PriceConfig.class,
            List.of(MODEL, REGION, INPUT, OUTPUT, CACHE_READ, CACHE_WRITE));

    /** Binds the members (absent prices are reported by {@link #validate} or derived by the price book). */
    @JsonCreator
    public PriceConfig(@JsonProperty("model") String model, @JsonProperty("region") String region,
                       @JsonProperty("input") Double input, @JsonProperty("output") Double output,
                       @JsonProperty("cacheRead") Double cacheRead, @JsonProperty("cacheWrite") Double cacheWrite) {
        this.model = model;
        this.region = region;
        this.input = input;
        this.output = output;
        this.cacheRead = cacheRead;
        this.cacheWrite = cacheWrite;
    }

    void validate(int index, List<String> errors) {
        if (model == null || input == null || output == null || input < 0 || output < 0) {
            errors.add("usage.prices[" + index + "]: model, input and output (USD per 1,000 tokens, 0 or more) are required");
        }
    }
}
