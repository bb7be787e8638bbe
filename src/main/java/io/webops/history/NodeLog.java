package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What one node did during one execution (one entry per node run; inside a split/loop one entry per item).
 *
 * @param status one of {@code success|failed|skipped|disabled}
 * @param item     index inside a split/loop, {@code null} otherwise
 * @param messages what the node wrote to its log while running (custom_code's console), {@code null} if nothing
 */
public record NodeLog(String nodeId, String status, int attempts, Instant startedAt, long durationMs,
                      JsonNode input, JsonNode output, String error, Integer item, java.util.List<String> messages) {

    /** A log entry without messages (every node type except those that write to a console). */
    public NodeLog(String nodeId, String status, int attempts, Instant startedAt, long durationMs,
                   JsonNode input, JsonNode output, String error, Integer item) {
        this(nodeId, status, attempts, startedAt, durationMs, input, output, error, item, null);
    }
}
