package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One workflow execution as stored in the history.
 *
 * <p>{@code status} is one of {@code pending|running|success|failed|cancelled|timeout}. Timestamps are stored
 * with microsecond precision; {@link Executions#started} / {@link Executions#finished} truncate them on
 * submission so that what is read back equals what is answered from the write queue.
 * {@code nodeLogs} is copied defensively (it is written asynchronously). {@code dataSaved} is false when the
 * workflow's {@code save_execution_data} dropped the data of this finished execution ({@link #withoutData()}).
 */
public record ExecutionRecord(String id, String workflowId, int workflowVersion, String status, String triggerType,
                              JsonNode triggerData, JsonNode input, JsonNode output, String errorMessage,
                              String errorTraceback, Instant startedAt, Instant completedAt, Long durationMs,
                              List<NodeLog> nodeLogs, boolean dataSaved) {

    /** Statuses of executions that have not ended yet. */
    public static final Set<String> ACTIVE_STATUSES = Set.of("pending", "running");
    /** Statuses of ended executions. */
    public static final Set<String> FINAL_STATUSES = Set.of("success", "failed", "cancelled", "timeout");

    public ExecutionRecord {
        nodeLogs = nodeLogs == null ? null : List.copyOf(nodeLogs);
    }

    /** A record with its data. */
    public ExecutionRecord(String id, String workflowId, int workflowVersion, String status, String triggerType,
                           JsonNode triggerData, JsonNode input, JsonNode output, String errorMessage,
                           String errorTraceback, Instant startedAt, Instant completedAt, Long durationMs,
                           List<NodeLog> nodeLogs) {
        this(id, workflowId, workflowVersion, status, triggerType, triggerData, input, output, errorMessage,
                errorTraceback, startedAt, completedAt, durationMs, nodeLogs, true);
    }

    /**
     * This execution's record without its data: ids, status, times, trigger type and error fields stay; trigger data,
     * input, output and node logs go (no node logs rather than null, so readers need no second case).
     */
    /** The same record with {@code input} as its input. */
    public ExecutionRecord withInput(JsonNode input) {
        return new ExecutionRecord(id, workflowId, workflowVersion, status, triggerType, triggerData, input, output,
                errorMessage, errorTraceback, startedAt, completedAt, durationMs, nodeLogs, dataSaved);
    }

    public ExecutionRecord withoutData() {
        return new ExecutionRecord(id, workflowId, workflowVersion, status, triggerType, null, null, null, errorMessage,
                errorTraceback, startedAt, completedAt, durationMs, List.of(), false);
    }

    /**
     * This execution ended {@code failed} because its record could not be written, keeping what any store can take:
     * ids, times, the node logs' statuses and errors, the error message. Its trigger data, input, output and the
     * nodes' inputs, outputs and details are left out (one of them is what could not be written).
     *
     * @param why what failed, e.g. the serialiser's or the database's message
     */
    public ExecutionRecord unstorable(String why) {
        String message = "History write failed: " + why + "; the execution's data was not stored"
                + (finished() ? " (it had ended " + status + (errorMessage == null ? "" : ": " + errorMessage) + ")" : "");
        List<NodeLog> logs = nodeLogs == null ? null : nodeLogs.stream()
                .map(l -> new NodeLog(l.nodeId(), l.status(), l.attempts(), l.startedAt(), l.durationMs(), null, null,
                        l.error(), l.item(), null))
                .toList();
        Instant completed = completedAt == null ? Instant.now() : completedAt;
        return new ExecutionRecord(id, workflowId, workflowVersion, "failed", triggerType, null, null, null, message,
                null, startedAt, completed, durationMs != null ? durationMs
                        : startedAt == null ? 0L : Math.max(0, java.time.Duration.between(startedAt, completed).toMillis()), logs);
    }

    /** {@code true} when the status is neither {@code pending} nor {@code running}. */
    public boolean finished() {
        return status != null && !ACTIVE_STATUSES.contains(status);
    }
}
