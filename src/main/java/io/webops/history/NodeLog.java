package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What one node did during one execution (one entry per node run; inside a split/loop one entry per item).
 *
 * @param status one of {@code success|failed|skipped|disabled}
 * @param item   index inside a split/loop, {@code null} otherwise
 */
public record NodeLog(String nodeId, String status, int attempts, Instant startedAt, long durationMs,
                      JsonNode input, JsonNode output, String error, Integer item) {
}
