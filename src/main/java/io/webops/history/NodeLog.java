package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What one node did during one execution (one entry per node run; inside a split/loop one entry per item).
 *
 * @param status one of {@code success|failed|skipped|disabled}
 * @param item    index inside a split/loop, {@code null} otherwise
 * @param details what the node reports about its work besides its output (an LLM's token usage,
 *                a script's console, an agent's tool calls), {@code null} when nothing
 */
public record NodeLog(String nodeId, String status, int attempts, Instant startedAt, long durationMs,
                      JsonNode input, JsonNode output, String error, Integer item, JsonNode details) {

    public NodeLog(String nodeId, String status, int attempts, Instant startedAt, long durationMs,
                   JsonNode input, JsonNode output, String error, Integer item) {
        this(nodeId, status, attempts, startedAt, durationMs, input, output, error, item, null);
    }
}
