package dev.outcrop.providers.simulator;

import java.time.Duration;

/**
 * How the simulator behaves.
 *
 * @param seed makes answers deterministic: the same seed, model and conversation give the same answer
 * @param timeToFirstToken delay before the first token
 * @param tokensPerSecond generation speed; 0 for no delay between tokens
 * @param defaultMaxTokens the answer length cap when the request sets none
 */
public record SimulatorSettings(long seed, Duration timeToFirstToken, int tokensPerSecond, int defaultMaxTokens) {
    /** The zero-configuration defaults: a quick, plausible pace. */
    public static final SimulatorSettings DEFAULTS = new SimulatorSettings(42, Duration.ofMillis(100), 200, 4096);

    /** No waiting at all, for tests and benchmarks of everything but the model. */
    public static SimulatorSettings instant(long seed) {
        return new SimulatorSettings(seed, Duration.ZERO, 0, 4096);
    }
}
