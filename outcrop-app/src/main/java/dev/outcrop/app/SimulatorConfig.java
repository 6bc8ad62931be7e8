package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * The built-in simulated models ({@code simulator}; docs/providers.md).
 *
 * @param enabled whether the simulator serves every model and region no deployment names
 * @param seed answers are deterministic for a seed
 * @param timeToFirstToken delay before the first token
 * @param tokensPerSecond generation pace, 0 for no delay
 * @param firstByteTimeout how long a deployment may take to start answering
 * @param maxConcurrency each simulated deployment's concurrency limit, 0 for none
 * @param tokensPerMinute each simulated deployment's tokens-per-minute limit, 0 for none
 */
public record SimulatorConfig(boolean enabled, long seed, Duration timeToFirstToken, int tokensPerSecond,
                              Duration firstByteTimeout, int maxConcurrency, long tokensPerMinute) {
    static final ConfigOption<Boolean> ENABLED = ConfigOption.flag("enabled", true,
            "whether the simulator serves every model and region no deployment names");
    static final ConfigOption<Long> SEED = ConfigOption.longInteger("seed", 42, "answers are deterministic for a seed");
    static final ConfigOption<Duration> TIME_TO_FIRST_TOKEN = ConfigOption.millis("timeToFirstTokenMs",
            Duration.ofMillis(100), "delay before the first token");
    static final ConfigOption<Integer> TOKENS_PER_SECOND = ConfigOption.integer("tokensPerSecond", 200,
            "generation pace; 0 for no delay");
    static final ConfigOption<Duration> FIRST_BYTE_TIMEOUT = ConfigOption.millis("firstByteTimeoutMs",
            Duration.ofSeconds(10), "how long a simulated deployment may take to start answering");
    static final ConfigOption<Integer> MAX_CONCURRENCY = ConfigOption.integer("maxConcurrency", 0,
            "each simulated deployment's calls in flight at once; 0 = no limit");
    static final ConfigOption<Long> TOKENS_PER_MINUTE = ConfigOption.longInteger("tokensPerMinute", 0,
            "each simulated deployment's tokens a minute; 0 = no limit");
    static final ConfigSection SECTION = new ConfigSection("simulator", SimulatorConfig.class, List.of(ENABLED, SEED,
            TIME_TO_FIRST_TOKEN, TOKENS_PER_SECOND, FIRST_BYTE_TIMEOUT, MAX_CONCURRENCY, TOKENS_PER_MINUTE));
    static final SimulatorConfig DEFAULT = new SimulatorConfig(null, null, null, null, null, null, null);

    /** The simulator with these pace settings and no capacity limit. */
    public SimulatorConfig(Boolean enabled, Long seed, Integer timeToFirstTokenMs, Integer tokensPerSecond,
                           Integer firstByteTimeoutMs) {
        this(enabled, seed, timeToFirstTokenMs, tokensPerSecond, firstByteTimeoutMs, null, null);
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public SimulatorConfig(@JsonProperty("enabled") Boolean enabled, @JsonProperty("seed") Long seed,
                           @JsonProperty("timeToFirstTokenMs") Integer timeToFirstTokenMs,
                           @JsonProperty("tokensPerSecond") Integer tokensPerSecond,
                           @JsonProperty("firstByteTimeoutMs") Integer firstByteTimeoutMs,
                           @JsonProperty("maxConcurrency") Integer maxConcurrency,
                           @JsonProperty("tokensPerMinute") Long tokensPerMinute) {
        this(ENABLED.or(enabled), SEED.or(seed), TIME_TO_FIRST_TOKEN.orMillis(millis(timeToFirstTokenMs)),
                TOKENS_PER_SECOND.or(tokensPerSecond), FIRST_BYTE_TIMEOUT.orMillis(millis(firstByteTimeoutMs)),
                MAX_CONCURRENCY.or(maxConcurrency), TOKENS_PER_MINUTE.or(tokensPerMinute));
    }

    private static Long millis(Integer ms) {
        return ms == null ? null : ms.longValue();
    }

    void validate(List<String> errors) {
        if (timeToFirstToken.isNegative()) {
            errors.add("simulator.timeToFirstTokenMs: " + timeToFirstToken.toMillis() + " (expected: 0 or more)");
        }
        if (tokensPerSecond < 0) {
            errors.add("simulator.tokensPerSecond: " + tokensPerSecond + " (expected: 0 for no delay, or more)");
        }
        if (!firstByteTimeout.isPositive()) {
            errors.add("simulator.firstByteTimeoutMs: " + firstByteTimeout.toMillis() + " (expected: 1 or more)");
        }
        if (maxConcurrency < 0 || tokensPerMinute < 0) {
            errors.add("simulator.maxConcurrency/tokensPerMinute: must be 0 (no limit) or more");
        }
    }
}
