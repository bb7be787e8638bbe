package io.webops.translate;

/**
 * The backoff of node retries (§4): exponential from {@code initialDelayMs}, doubling, capped at
 * {@code maxDelayMs}, with up to {@code jitter} (a fraction) of random spread.
 */
public record RetryPolicy(long initialDelayMs, long maxDelayMs, double jitter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(2000, 30000, 0.1);
}
