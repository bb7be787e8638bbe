package io.webops.nodes;

/**
 * A transient failure whose server said when to come back (HTTP 429/503 {@code Retry-After}): the
 * node's next attempt waits that long instead of the backoff's own delay.
 */
public final class RetryAfterFailure extends NodeFailure {

    private final long retryAfterMillis;

    public RetryAfterFailure(String kind, String message, long retryAfterMillis) {
        super(kind, message, true);
        this.retryAfterMillis = retryAfterMillis;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
