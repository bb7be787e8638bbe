package io.webops.nodes;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

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

    /**
     * The failure of an HTTP answer: a transient one whose headers carry a readable {@code Retry-After} waits as long
     * as it asks; any other is a plain {@link NodeFailure}.
     */
    public static NodeFailure of(String kind, String message, boolean transientFailure, Map<String, String> headers) {
        long wait = transientFailure ? millis(headers) : -1;
        return wait >= 0 ? new RetryAfterFailure(kind, message, wait) : new NodeFailure(kind, message, transientFailure);
    }

    /** Retry-After as seconds or as an HTTP date, in milliseconds from now; -1 when absent or unreadable. */
    public static long millis(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Retry-After")) {
                String v = h.getValue().trim();
                try {
                    return Math.max(0, (long) (Double.parseDouble(v) * 1000));
                } catch (NumberFormatException notSeconds) {
                    try {
                        return Math.max(0, Duration.between(Instant.now(),
                                ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis());
                    } catch (DateTimeParseException unreadable) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }
}
