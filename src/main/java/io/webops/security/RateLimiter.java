package io.webops.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets keyed by a string (a webhook path, a client address): each holds up to {@code burst} tokens and
 * refills at {@code perSecond}; a request takes one. A rate of 0 or less lets everything through (the limit is off).
 * Buckets that have refilled completely are dropped when the map grows, so a flood of distinct keys cannot exhaust
 * memory.
 */
public final class RateLimiter {

    private static final int PRUNE_ABOVE = 10_000;

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    /** 0 when the request may pass, else the whole seconds to wait before the next one would (for Retry-After). */
    public long acquire(String key) {
        if (perSecond <= 0) {
            return 0;
        }
        if (buckets.size() > PRUNE_ABOVE) {
            long now = System.nanoTime();
            buckets.values().removeIf(b -> b.fullAt(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket()).take(System.nanoTime());
    }

    private final class Bucket {
        private double tokens = burst;
        private long updatedNanos = System.nanoTime();

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized boolean fullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updatedNanos) / (double) TimeUnit.SECONDS.toNanos(1) * perSecond);
            updatedNanos = now;
        }
    }
}
