package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs another saved workflow, for sub-workflows and agent tools. */
@FunctionalInterface
public interface WorkflowRunner {

    /** How a child execution went; {@code output} and {@code error} are set once it has ended. */
    record Child(String executionId, String status, JsonNode output, String error) {
    }

    /**
     * Starts the workflow with this input; with {@code wait} returns once it has ended (bounded by
     * its own timeout), else at once. Throws {@link #notFound} when the workflow does not exist.
     */
    Child run(String workflowId, JsonNode input, JsonNode triggerData, boolean wait);

    /** The failure for a workflow that does not exist, or that the running workflow's owner may not read. */
    static NodeFailure notFound(String workflowId) {
        return NodeFailure.config("Workflow '" + workflowId + "' does not exist");
    }
}
