package io.webops.history;

import java.time.Instant;

/**
 * A saved workflow. {@code status} is one of {@code draft|active|paused|disabled}; {@code document} is the canvas
 * JSON exactly as saved (text, never re-serialised). {@code ownerId} is the users.id of its owner, {@code null} for
 * workflows saved before accounts existed (only admins see those).
 */
public record WorkflowRecord(String id, String name, String status, int version, String document,
                             Instant createdAt, Instant updatedAt, WorkflowStats stats, String ownerId) {
}
