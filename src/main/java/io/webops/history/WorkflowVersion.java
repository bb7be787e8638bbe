package io.webops.history;

import java.time.Instant;

/**
 * One saved version of a workflow, never changed once written: the document exactly as that save stored it (webhook
 * secrets sealed), the users.id of who saved it ({@code null} before accounts existed), when, and their message
 * ({@code null} when they gave none).
 */
public record WorkflowVersion(String workflowId, int version, String document, String authorId, Instant createdAt,
                              String message) {
}
