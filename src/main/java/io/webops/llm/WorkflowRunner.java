package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Other workflows as an agent's tools: found by id or name, run with an input, answering their
 * output. The server implements it over its workflow service; runs without one have no workflow
 * tools.
 */
public interface WorkflowRunner {

    /** A workflow a tool name refers to: its id, name and description (the tool's description). */
    record Described(String id, String name, String description) {
    }

    Optional<Described> find(String idOrName);

    /** Runs the workflow to its end; throws with the execution's error when it does not succeed. */
    JsonNode run(String id, JsonNode input, String calledBy);

    WorkflowRunner NONE = new WorkflowRunner() {
        @Override
        public Optional<Described> find(String idOrName) {
            return Optional.empty();
        }

        @Override
        public JsonNode run(String id, JsonNode input, String calledBy) {
            throw new IllegalStateException("this run has no workflow service");
        }
    };
}
