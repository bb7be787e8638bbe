package io.webops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.webops.history.ExecutionFilter;
import io.webops.history.ExecutionRecord;
import io.webops.history.Page;
import io.webops.history.WorkflowRecord;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Json;
import org.apache.camel.Exchange;

/**
 * The workflow and execution part of the HTTP API (§6), plus the node catalogue, health and
 * metrics, on Camel's platform-http (the embedded Vert.x server of camel-main).
 */
public final class ApiRoutes extends ApiRouteBuilder {

    private final WorkflowService workflows;
    private final io.webops.runtime.Engine engine;
    private final byte[] nodeTypesJson;

    public ApiRoutes(WorkflowService workflows, NodeTypes types, io.webops.runtime.Engine engine) {
        this.workflows = workflows;
        this.engine = engine;
        ArrayNode catalogue = Json.NODES.arrayNode();
        types.all().forEach(t -> catalogue.add(ApiJson.nodeType(t)));
        this.nodeTypesJson = Json.bytes(catalogue);
    }

    @Override
    public void configure() {
        api("node-types", "/api/node-types", "GET", e -> nodeTypesJson);
        api("validate", "/api/workflows/validate", "POST", e -> ApiJson.validation(workflows.validate(body(e)).errors()));
        api("workflows", "/api/workflows", "GET,POST", e -> {
            if (method(e).equals("POST")) {
                WorkflowRecord created = workflows.create(body(e));
                e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
                return ApiJson.workflow(created);
            }
            Page<WorkflowRecord> page = workflows.list(limit(e), query(e, "cursor"));
            return ApiJson.page(page, ApiJson::workflow);
        });
        api("workflow", "/api/workflows/{id}", "GET,PUT,DELETE", e -> switch (method(e)) {
            case "PUT" -> ApiJson.workflow(workflows.update(id(e), body(e)));
            case "DELETE" -> {
                workflows.delete(id(e));
                e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
                yield null;
            }
            default -> ApiJson.workflow(workflows.getWithStatistics(id(e)));
        });
        api("activate", "/api/workflows/{id}/activate", "POST", e -> ApiJson.workflow(workflows.activate(id(e))));
        api("pause", "/api/workflows/{id}/pause", "POST", e -> ApiJson.workflow(workflows.pause(id(e))));
        api("disable", "/api/workflows/{id}/disable", "POST", e -> ApiJson.workflow(workflows.disable(id(e))));
        api("routes", "/api/workflows/{id}/routes", "GET", e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/yaml");
            return workflows.routes(id(e));
        });
        api("run", "/api/workflows/{id}/run", "POST", e -> {
            boolean wait = "true".equals(query(e, "wait"));
            ExecutionRecord r = workflows.run(id(e), bodyOrEmpty(e), "manual", Json.object().put("method", "POST"), wait);
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, wait ? 200 : 202);
            return ApiJson.execution(r);
        });
        api("executions", "/api/executions", "GET", e -> {
            Page<ExecutionRecord> page = workflows.executions(new ExecutionFilter(
                    query(e, "workflow_id"), query(e, "status"), limit(e), query(e, "cursor")));
            return ApiJson.page(page, ApiJson::execution);
        });
        api("execution", "/api/executions/{id}", "GET", e -> ApiJson.execution(workflows.execution(id(e))
                .orElseThrow(() -> ApiException.notFound("Execution", id(e)))));
        api("cancel", "/api/executions/{id}/cancel", "POST", e -> ApiJson.execution(workflows.cancel(id(e))));
        api("retry", "/api/executions/{id}/retry", "POST", e -> {
            boolean wait = "true".equals(query(e, "wait"));
            ExecutionRecord r = workflows.retry(id(e), wait);
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, wait ? 200 : 202);
            return ApiJson.execution(r);
        });
        api("health", "/observe/health", "GET", e -> Json.object().put("status", "UP")
                .put("running_executions", engine.runningCount()));
        api("metrics", "/observe/metrics", "GET", e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4");
            return Metrics.prometheus(workflows.list(200, null).items(), engine.nodeMetrics(), engine.runningCount());
        });
    }
}
