package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Page;
import io.webops.history.WorkflowRecord;
import io.webops.llm.WorkflowRunner;
import io.webops.runtime.Json;
import java.util.Optional;

/**
 * Workflows as agent tools, over the workflow service: a tool name is a workflow's id or name,
 * and a call is a manual run waited for, its output the tool's answer.
 */
public final class WorkflowTools implements WorkflowRunner {

    private final WorkflowService workflows;

    public WorkflowTools(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Override
    public Optional<Described> find(String idOrName) {
        try {
            return Optional.of(describe(workflows.get(idOrName)));
        } catch (ApiException notAnId) {
            String cursor = null;
            do {
                Page<WorkflowRecord> page = workflows.list(200, cursor);
                for (WorkflowRecord r : page.items()) {
                    if (idOrName.equals(r.name())) {
                        return Optional.of(describe(r));
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            return Optional.empty();
        }
    }

    private static Described describe(WorkflowRecord r) {
        JsonNode doc = Json.parse(r.document());
        return new Described(r.id(), r.name(), doc.path("description").asText(""));
    }

    @Override
    public JsonNode run(String id, JsonNode input, String calledBy) {
        ExecutionRecord r = workflows.run(id, input, "manual", Json.object().put("called_by", calledBy), true);
        if (!"success".equals(r.status())) {
            throw new IllegalStateException("workflow '" + id + "' ended " + r.status()
                    + (r.errorMessage() == null ? "" : ": " + r.errorMessage()));
        }
        return r.output() == null ? Json.NODES.nullNode() : r.output();
    }
}
