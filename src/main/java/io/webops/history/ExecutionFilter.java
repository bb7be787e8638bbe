package io.webops.history;

/**
 * Filter for {@link Executions#list}. {@code workflowId} and {@code status} are optional ({@code null} = any);
 * {@code limit <= 0} means 20, values above 200 are capped at 200; {@code cursor} is the opaque
 * {@link Page#nextCursor()} of the previous page or {@code null}.
 */
public record ExecutionFilter(String workflowId, String status, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;

    public static ExecutionFilter all() {
        return new ExecutionFilter(null, null, DEFAULT_LIMIT, null);
    }

    int effectiveLimit() {
        return limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }
}
