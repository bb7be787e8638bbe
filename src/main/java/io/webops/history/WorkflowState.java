package io.webops.history;

/** What decides a saved workflow's deployment: its status and version (see {@link Workflows#states()}). */
public record WorkflowState(String id, String status, int version) {
}
