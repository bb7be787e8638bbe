package io.webops.history;

/**
 * How much execution history is kept: finished executions up to {@code maxAgeDays} old and, per workflow, the newest
 * {@code maxExecutions} of them. 0 is no limit.
 */
public record Retention(int maxAgeDays, int maxExecutions) {

    public Retention {
        if (maxAgeDays < 0 || maxExecutions < 0) {
            throw new IllegalArgumentException("history limits are 0 (none) or more, not " + maxAgeDays + " days and "
                    + maxExecutions + " executions");
        }
    }
}
