package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.webops.history.ExecutionFilter;
import io.webops.history.ExecutionRecord;
import io.webops.history.Page;
import io.webops.history.WorkflowRecord;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Json;
import io.webops.runtime.QueryString;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The HTTP API of §6 on Camel's platform-http (the embedded Vert.x server of camel-main), one
 * route per path. Every handler answers JSON; failures are mapped to the one error shape.
 */
public final class ApiRoutes extends RouteBuilder {

    /** One API operation: reads the exchange, returns the JSON (or text) to answer. */
    @FunctionalInterface
    interface Handler {
        Object handle(Exchange exchange) throws Exception;
    }

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

    private void api(String name, String path, String methods, Handler handler) {
        from("platform-http:" + path + "?httpMethodRestrict=" + methods)
                .routeId("api." + name)
                .routeGroup("api")
                .process(e -> respond(e, handler));
    }

    private static void respond(Exchange e, Handler handler) {
        Object result;
        try {
            result = handler.handle(e);
        } catch (ApiException ex) {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ex.code().status());
            result = ApiJson.error(ex);
        } catch (Exception ex) {
            org.slf4j.LoggerFactory.getLogger(ApiRoutes.class).warn("API {} failed", e.getMessage().getHeader(Exchange.HTTP_URI), ex);
            ApiException internal = new ApiException(ErrorCode.INTERNAL, "Internal error: " + ex.getMessage());
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            result = ApiJson.error(internal);
        }
        e.getMessage().getHeaders().keySet().removeIf(h -> !h.equals(Exchange.HTTP_RESPONSE_CODE) && !h.equals(Exchange.CONTENT_TYPE));
        if (result == null) {
            e.getMessage().setBody(null);
        } else if (result instanceof byte[] bytes) {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(bytes);
        } else if (result instanceof String text) {
            e.getMessage().setBody(text.getBytes(StandardCharsets.UTF_8));
        } else {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(Json.bytes(result));
        }
    }

    private static String method(Exchange e) {
        return e.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    }

    private static String id(Exchange e) {
        return e.getMessage().getHeader("id", String.class);
    }

    private static String query(Exchange e, String name) {
        return QueryString.parse(e.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).get(name);
    }

    private static int limit(Exchange e) {
        String l = query(e, "limit");
        if (l == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(l);
            if (n < 1 || n > 200) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be a whole number from 1 to 200");
        }
    }

    private static JsonNode body(Exchange e) {
        byte[] raw = e.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body must be a JSON document");
        }
        try {
            JsonNode node = Json.parse(raw);
            if (!node.isObject()) {
                throw new ApiException(ErrorCode.INVALID_JSON, "The request body must be a JSON object");
            }
            return node;
        } catch (IllegalArgumentException ex) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: " + ex.getMessage());
        }
    }

    private static JsonNode bodyOrEmpty(Exchange e) {
        byte[] raw = e.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            return Json.object();
        }
        try {
            return Json.parse(raw);
        } catch (IllegalArgumentException ex) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: " + ex.getMessage());
        }
    }
}
