package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Caller;
import io.webops.auth.Role;
import io.webops.history.Page;
import io.webops.history.WorkflowRecord;
import io.webops.json.Json;
import io.webops.llm.WorkflowCatalog;
import java.util.Optional;

/**
 * The saved workflows as agent tools: a tool name is a workflow's id, else its name, among the
 * workflows of the calling workflow's owner (an agent cannot reach other users' workflows); a document's
 * optional {@code input_schema} and {@code output_schema} (JSON Schemas, kept like any extra field)
 * become the tool's parameters and the description of its result.
 */
public final class StoredWorkflowCatalog implements WorkflowCatalog {

    private final WorkflowService workflows;

    public StoredWorkflowCatalog(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Override
    public Optional<Described> find(String idOrName, String callingWorkflowId) {
        String owner = callingWorkflowId == null ? null : workflows.owner(callingWorkflowId).orElse(null);
        try {
            WorkflowRecord byId = workflows.get(idOrName);
            if (owner == null || owner.equals(byId.ownerId())) {
                return Optional.of(describe(byId));
            }
        } catch (ApiException notAnId) {
            // then it is a name
        }
        Caller caller = owner == null ? Caller.SYSTEM : new Caller(owner, Role.EDITOR);
        String cursor = null;
        do {
            Page<WorkflowRecord> page = workflows.list(200, cursor, caller);
            for (WorkflowRecord r : page.items()) {
                if (idOrName.equals(r.name()) && (owner == null || owner.equals(r.ownerId()))) {
                    return Optional.of(describe(r));
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Optional.empty();
    }

    private static Described describe(WorkflowRecord r) {
        JsonNode doc = Json.parse(r.document());
        return new Described(r.id(), r.name(), doc.path("description").asText(""),
                doc.path("input_schema").isObject() ? doc.get("input_schema") : null,
                doc.path("output_schema").isObject() ? doc.get("output_schema") : null);
    }
}
