package dev.outcrop.invoke;

/**
 * What the admin API shows of one deployment.
 *
 * @param modelId the model
 * @param region the region
 * @param provider the provider serving it
 * @param state {@code healthy}, {@code throttled}, {@code ejected} or {@code probing}
 * @param inFlight calls in flight now
 * @param maxConcurrency its concurrency limit, 0 for none
 * @param tokensPerMinute its tokens-per-minute limit, 0 for none
 * @param tokensLastMinute tokens of the sliding minute
 * @param ewmaFirstTokenMs recent time to first token
 * @param consecutiveFailures failures since its last success
 * @param calls calls since start
 * @param failures failed calls since start
 * @param throttledForMs how much longer it backs off after a 429
 * @param ejectedForMs how much longer it stays out of rotation
 * @param lastError its last failure as its backend told it (never shown to callers), or null
 */
public record DeploymentStatus(String modelId, String region, String provider, String state, int inFlight,
                               int maxConcurrency, long tokensPerMinute, long tokensLastMinute, long ewmaFirstTokenMs,
                               int consecutiveFailures, long calls, long failures, long throttledForMs,
                               long ejectedForMs, String lastError) {}
