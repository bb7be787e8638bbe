package io.webops.history;

import java.time.Instant;

/**
 * Execution statistics of one workflow, maintained by atomic increments in the database.
 * {@code failedExecutions} counts {@code failed} and {@code timeout}; {@code cancelled} executions only count in
 * {@code totalExecutions}. {@code averageDurationMs = total_duration_ms / total_executions} (0 when none);
 * executions without a duration contribute 0 ms.
 */
public record WorkflowStats(long totalExecutions, long successfulExecutions, long failedExecutions,
                            Instant lastExecutedAt, long averageDurationMs) {
}
