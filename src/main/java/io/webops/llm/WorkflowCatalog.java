package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Finds the workflows an agent names as tools, by id or name; they run through the runtime's
 * {@link io.webops.nodes.WorkflowRunner}. Runs without a workflow store know no workflows.
 */
public interface WorkflowCatalog {

    /**
     * A workflow a tool name refers to: its id, name and description (the tool's description) and,
     * when its document declares them, the JSON Schemas of its input and output ({@code input_schema},
     * {@code output_schema}; null when absent).
     */
    record Described(String id, String name, String description, JsonNode inputSchema, JsonNode outputSchema) {
    }

    /**
     * The workflow a tool name means for an agent working inside {@code callingWorkflowId}: only
     * workflows of that workflow's owner are found (any, when it has none).
     */
    Optional<Described> find(String idOrName, String callingWorkflowId);

    WorkflowCatalog NONE = (idOrName, callingWorkflowId) -> Optional.empty();
}
