package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionFilter;
import io.webops.history.ExecutionRecord;
import io.webops.history.Page;
import io.webops.history.WorkflowRecord;
import io.webops.history.WorkflowVersion;
import io.webops.history.WorkflowVersions;
import io.webops.imports.ImportException;
import io.webops.imports.Imported;
import io.webops.imports.Imports;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import org.apache.camel.Exchange;

/**
 * The workflow and execution part of the HTTP API (§6), plus the node catalogue, on Camel's
 * platform-http (the embedded Vert.x server of camel-main). A workflow is seen by its owner, those it is shared with and admins; its executions go with it.
 * {@code GET /api/stats/executions?hours=} answers the dashboard's numbers over the workflows the caller sees
 * ({@link ExecutionStats}).
 */
public final class ApiRoutes extends ApiRouteBuilder {

    private static final String WORKFLOW = WorkflowService.WORKFLOW;

    private final WorkflowService workflows;
    private final byte[] nodeTypesJson;
    private final NodeTypes types;

    public ApiRoutes(WorkflowService workflows, NodeTypes types) {
        this.workflows = workflows;
        this.types = types;
        ArrayNode catalogue = Json.NODES.arrayNode();
        types.all().forEach(t -> catalogue.add(ApiJson.nodeType(t)));
        this.nodeTypesJson = Json.bytes(catalogue);
    }

    @Override
    public void configure() {
        api("node-types", "/api/node-types", "GET", e -> nodeTypesJson);
        api("validate", "/api/workflows/validate", "POST", e -> ApiJson.validation(workflows.validate(body(e), caller(e)).errors()));
        api("workflows", "/api/workflows", "GET,POST", e -> {
            if (method(e).equals("POST")) {
                requireWriter(e);
                WorkflowRecord created = workflows.create(body(e), caller(e), versionMessage(e));
                audit(e, "workflow.create", WORKFLOW, created.id(), null);
                e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
                return ApiJson.workflow(created);
            }
            Page<WorkflowRecord> page = workflows.list(limit(e), query(e, "cursor"), caller(e));
            return ApiJson.page(page, ApiJson::workflow);
        });
        api("import", "/api/workflows/import", "POST", e -> {
            requireWriter(e);
            JsonNode body = body(e);
            Imported imported;
            try {
                imported = Imports.convert(body.path("format").isTextual() ? body.get("format").asText() : null,
                        body.get("document"), credentialsByKind(body.path("credentials")), types);
            } catch (ImportException ex) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, ex.getMessage());
            }
            WorkflowRecord created = workflows.create(imported.workflow(), caller(e));
            audit(e, "workflow.import", WORKFLOW, created.id(), Json.object().put("format", body.get("format").asText()));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
            ObjectNode answer = Json.object();
            answer.set("workflow", ApiJson.workflow(created));
            ArrayNode report = answer.putArray("report");
            imported.report().forEach(r -> report.add(r.toJson()));
            return answer;
        });
        api("workflow", "/api/workflows/{id}", "GET,PUT,DELETE", e -> switch (method(e)) {
            case "PUT" -> {
                writable(e);
                WorkflowRecord updated = workflows.update(id(e), body(e), caller(e), versionMessage(e));
                audit(e, "workflow.update", WORKFLOW, id(e), Json.object().put("version", updated.version()));
                yield ApiJson.workflow(updated);
            }
            case "DELETE" -> {
                writable(e);
                workflows.delete(id(e));
                audit(e, "workflow.delete", WORKFLOW, id(e), null);
                e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
                yield null;
            }
            default -> {
                readable(e);
                yield ApiJson.workflow(workflows.getWithStatistics(id(e)));
            }
        });
        api("versions", "/api/workflows/{id}/versions", "GET", e -> {
            readable(e);
            Page<WorkflowVersion> page = workflows.versions(id(e), limit(e), query(e, "cursor"));
            java.util.function.Function<String, String> emails = authorEmails();
            return ApiJson.page(page, v -> ApiJson.versionSummary(v, emails));
        });
        api("version", "/api/workflows/{id}/versions/{version}", "GET", e -> {
            readable(e);
            int version = versionNumber(e.getMessage().getHeader("version", String.class), "version");
            return ApiJson.version(workflows.version(id(e), version), authorEmails());
        });
        api("diff", "/api/workflows/{id}/diff", "GET", e -> {
            readable(e);
            return workflows.diff(id(e), versionNumber(query(e, "from"), "from"), versionNumber(query(e, "to"), "to"));
        });
        api("rollback", "/api/workflows/{id}/rollback", "POST", e -> {
            writable(e);
            JsonNode version = body(e).get("version");
            if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.asInt() < 1) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "version must be the number of the version to roll back to, e.g. {\"version\": 2}");
            }
            WorkflowRecord rolledBack = workflows.rollback(id(e), version.asInt(), caller(e));
            audit(e, "workflow.rollback", WORKFLOW, id(e), Json.object().put("version", rolledBack.version())
                    .put("rolled_back_to", version.asInt()));
            return ApiJson.workflow(rolledBack);
        });
        api("activate", "/api/workflows/{id}/activate", "POST", e -> changeStatus(e, "activate"));
        api("pause", "/api/workflows/{id}/pause", "POST", e -> changeStatus(e, "pause"));
        api("disable", "/api/workflows/{id}/disable", "POST", e -> changeStatus(e, "disable"));
        api("routes", "/api/workflows/{id}/routes", "GET", e -> {
            readable(e);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/yaml");
            return workflows.routes(id(e));
        });
        api("export", "/api/workflows/{id}/export", "GET", e -> {
            readable(e);
            String format = query(e, "format");
            if (format != null && !"camel".equals(format)) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "format must be camel (the only export format)");
            }
            return new Download("application/zip", id(e) + ".camel.zip", io.webops.standalone.Export.zip(workflows.export(id(e))));
        });
        api("run", "/api/workflows/{id}/run", "POST", e -> {
            writable(e);
            boolean wait = "true".equals(query(e, "wait"));
            ExecutionRecord r = workflows.run(id(e), bodyOrEmpty(e), "manual", Json.object().put("method", "POST"), wait);
            audit(e, "workflow.run", WORKFLOW, id(e), Json.object().put("execution_id", r.id()));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, wait ? 200 : 202);
            return ApiJson.execution(r);
        });
        api("test-run", "/api/workflows/{id}/test-run", "POST", e -> {
            writable(e);
            boolean wait = "true".equals(query(e, "wait"));
            JsonNode body = bodyOrEmpty(e);
            JsonNode input = body.has("input") ? body.get("input") : Json.object();
            ExecutionRecord r = workflows.testRun(id(e), input, optionalText(body, "to_node"), body.path("single").asBoolean(false),
                    optionalText(body, "from_execution"), wait);
            audit(e, "workflow.test_run", WORKFLOW, id(e), Json.object().put("execution_id", r.id()));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, wait ? 200 : 202);
            return ApiJson.execution(r);
        });
        api("share", "/api/workflows/{id}/share", "GET,POST,DELETE", e -> {
            WorkflowRecord r = readable(e);
            return share(e, WORKFLOW, r.id(), r.ownerId(), "Workflow");
        });
        api("executions", "/api/executions", "GET", e -> {
            Page<ExecutionRecord> page = workflows.executions(new ExecutionFilter(
                    query(e, "workflow_id"), query(e, "status"), limit(e), query(e, "cursor")), caller(e));
            return ApiJson.page(page, ApiJson::execution);
        });
        api("execution-stats", "/api/stats/executions", "GET", e -> {
            int hours = hours(e);
            return workflows.executionStats(hours, caller(e));
        });
        api("execution", "/api/executions/{id}", "GET", e -> ApiJson.execution(readableExecution(e)));
        api("cancel", "/api/executions/{id}/cancel", "POST", e -> {
            writableExecution(e);
            ExecutionRecord r = workflows.cancel(id(e));
            audit(e, "execution.cancel", "execution", id(e), null);
            return ApiJson.execution(r);
        });
        api("replay", "/api/executions/{id}/replay", "POST", e -> {
            writableExecution(e);
            boolean wait = "true".equals(query(e, "wait"));
            ExecutionRecord r = workflows.replay(id(e), optionalText(body(e), "from_node"), wait);
            audit(e, "execution.replay", "execution", id(e), Json.object().put("execution_id", r.id()));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, wait ? 200 : 202);
            return ApiJson.execution(r);
        });
        api("retry", "/api/executions/{id}/retry", "POST", e -> {
            writableExecution(e);
            boolean wait = "true".equals(query(e, "wait"));
            ExecutionRecord r = workflows.retry(id(e), wait);
            audit(e, "execution.retry", "execution", id(e), Json.object().put("execution_id", r.id()));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, wait ? 200 : 202);
            return ApiJson.execution(r);
        });
    }

    /** A text field of a request body, null when absent or null. */
    private static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " must be a string");
        }
        return v.asText();
    }

    /** An import's {@code credentials}: the id of one of the caller's credentials per kind. */
    private static java.util.Map<String, String> credentialsByKind(JsonNode credentials) {
        if (credentials.isMissingNode() || credentials.isNull()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> byKind = new java.util.LinkedHashMap<>();
        if (credentials.isObject()) {
            credentials.fields().forEachRemaining(f -> byKind.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : null));
        }
        if (!credentials.isObject() || byKind.containsValue(null)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "credentials must be an object of credential ids by kind, "
                    + "e.g. {\"smtp\": \"cred-1\"}");
        }
        return byKind;
    }

    /** A save's optional {@code ?message=}: what the new version changes, kept with it (null when absent or blank). */
    private static String versionMessage(Exchange e) {
        String message = query(e, "message");
        if (message == null || message.isBlank()) {
            return null;
        }
        if (message.length() > WorkflowVersions.MAX_MESSAGE_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "message must be at most " + WorkflowVersions.MAX_MESSAGE_LENGTH
                    + " characters, not " + message.length());
        }
        return message.strip();
    }

    /** A version number named by {@code field} (a query parameter or the path): a whole number from 1. */
    private static int versionNumber(String value, String field) {
        if (value == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + " is required: the number of a version, e.g. " + field + "=1");
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_REQUEST, field + " must be a version number (a whole number from 1), not '" + value + "'");
    }

    /** Looks up authors' emails for version answers, each once per request. */
    private java.util.function.Function<String, String> authorEmails() {
        var users = security().store().users();
        java.util.Map<String, java.util.Optional<String>> known = new java.util.HashMap<>();
        return userId -> userId == null ? null : known.computeIfAbsent(userId,
                u -> users.get(u).map(io.webops.history.Users.User::email)).orElse(null);
    }

    /** {@code ?hours=} of the statistics window: 1 to 168 (a week), 24 when not given. */
    private static int hours(Exchange e) {
        String h = query(e, "hours");
        if (h == null) {
            return 24;
        }
        try {
            int n = Integer.parseInt(h);
            if (n >= 1 && n <= 168) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_REQUEST, "hours must be a whole number from 1 to 168");
    }

    private Object changeStatus(Exchange e, String action) {
        writable(e);
        WorkflowRecord r = switch (action) {
            case "activate" -> workflows.activate(id(e));
            case "pause" -> workflows.pause(id(e));
            default -> workflows.disable(id(e));
        };
        audit(e, "workflow." + action, WORKFLOW, id(e), null);
        return ApiJson.workflow(r);
    }

    private WorkflowRecord readable(Exchange e) {
        WorkflowRecord r = workflows.get(id(e));
        requireRead(e, WORKFLOW, r.id(), r.ownerId(), "Workflow");
        return r;
    }

    private void writable(Exchange e) {
        WorkflowRecord r = workflows.get(id(e));
        requireWrite(e, WORKFLOW, r.id(), r.ownerId(), "Workflow");
    }

    /** An execution is seen through its workflow; one of a deleted or never saved workflow only by admins. */
    private ExecutionRecord readableExecution(Exchange e) {
        ExecutionRecord r = workflows.execution(id(e)).orElseThrow(() -> ApiException.notFound("Execution", id(e)));
        if (!caller(e).isAdmin()) {
            String owner = workflows.owner(r.workflowId()).orElseThrow(() -> ApiException.notFound("Execution", id(e)));
            if (!security().access().canRead(caller(e), WORKFLOW, r.workflowId(), owner)) {
                throw ApiException.notFound("Execution", id(e));
            }
        }
        return r;
    }

    private void writableExecution(Exchange e) {
        ExecutionRecord r = readableExecution(e);
        if (!caller(e).isAdmin()) {
            String owner = workflows.owner(r.workflowId()).orElseThrow();
            if (!security().access().canWrite(caller(e), WORKFLOW, r.workflowId(), owner)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "You may read but not cancel, retry or replay execution '" + id(e) + "'");
            }
        }
    }
}
