package io.webops.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The template gallery of §6: list, read, instantiate as a draft workflow. */
public final class TemplateRoutes extends ApiRouteBuilder {

    private final Templates templates;
    private final WorkflowService workflows;

    public TemplateRoutes(Templates templates, WorkflowService workflows) {
        this.templates = templates;
        this.workflows = workflows;
    }

    @Override
    public void configure() {
        api("templates", "/api/templates", "GET", e -> {
            ObjectNode out = io.webops.json.Json.object();
            out.set("items", templates.list());
            out.putNull("next_cursor");
            return out;
        });
        api("template", "/api/templates/{id}", "GET", e -> templates.get(id(e))
                .orElseThrow(() -> ApiException.notFound("Template", id(e))));
        api("instantiate", "/api/templates/{id}/instantiate", "POST", e -> {
            requireWriter(e);
            ObjectNode workflow = templates.workflow(id(e), bodyOrEmpty(e));
            io.webops.history.WorkflowRecord created = workflows.create(workflow, caller(e));
            audit(e, "workflow.create", "workflow", created.id(), io.webops.json.Json.object().put("template", id(e)));
            status(e, 201);
            return ApiJson.workflow(created);
        });
    }
}
