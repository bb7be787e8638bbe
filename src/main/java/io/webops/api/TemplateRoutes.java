package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.WorkflowRecord;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import java.util.List;

/** The template gallery of §6: list, read, save a workflow as a template, delete one, instantiate one as a draft. */
public final class TemplateRoutes extends ApiRouteBuilder {

    private static final String KIND = "template";

    private final TemplateGallery gallery;
    private final WorkflowService workflows;

    public TemplateRoutes(TemplateGallery gallery, WorkflowService workflows) {
        this.gallery = gallery;
        this.workflows = workflows;
    }

    @Override
    public void configure() {
        api("templates", "/api/templates", "GET,POST", e -> {
            if (method(e).equals("POST")) {
                requireWriter(e);
                JsonNode request = body(e);
                ObjectNode saved = gallery.save(readableWorkflow(e, request), request, caller(e));
                audit(e, "template.create", KIND, saved.get("id").asText(),
                        Json.object().put("workflow", request.path("workflow_id").asText()).put("public", saved.get("public").asBoolean()));
                status(e, 201);
                return saved;
            }
            ObjectNode out = Json.object();
            out.set("items", gallery.list(caller(e), query(e, "category")));
            out.putNull("next_cursor");
            return out;
        });
        api("template", "/api/templates/{id}", "GET,DELETE", e -> {
            if (method(e).equals("DELETE")) {
                gallery.delete(id(e), caller(e));
                audit(e, "template.delete", KIND, id(e), null);
                status(e, 204);
                return null;
            }
            return gallery.get(id(e), caller(e));
        });
        api("instantiate", "/api/templates/{id}/instantiate", "POST", e -> {
            requireWriter(e);
            ObjectNode workflow = gallery.workflow(id(e), bodyOrEmpty(e), caller(e));
            WorkflowRecord created = workflows.create(workflow, caller(e));
            gallery.countUse(id(e));
            audit(e, "workflow.create", "workflow", created.id(), Json.object().put("template", id(e)));
            status(e, 201);
            return ApiJson.workflow(created);
        });
    }

    /** The workflow a template is saved from, which the caller must be able to read (else it answers as missing). */
    private WorkflowRecord readableWorkflow(org.apache.camel.Exchange e, JsonNode request) {
        String id = request.path("workflow_id").asText("");
        if (id.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "workflow_id is required: the workflow to save as a template",
                    List.of(ValidationError.ofDocument("workflow_id", "workflow_id is required: the workflow to save as a template")));
        }
        WorkflowRecord workflow = workflows.get(id);
        requireRead(e, WorkflowService.WORKFLOW, workflow.id(), workflow.ownerId(), "Workflow");
        return workflow;
    }
}
