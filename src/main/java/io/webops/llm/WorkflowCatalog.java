package io.webops.llm;

import java.util.Optional;

/**
 * Finds the workflows an agent names as tools, by id or name; they run through the runtime's
 * {@link io.webops.nodes.WorkflowRunner}. Runs without a workflow store know no workflows.
 */
public interface WorkflowCatalog {

    /** A workflow a tool name refers to: its id, name and description (the tool's description). */
    record Described(String id, String name, String description) {
    }

    Optional<Described> find(String idOrName);

    WorkflowCatalog NONE = idOrName -> Optional.empty();
}
