package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import io.webops.json.Json;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.WorkflowRunner;
import io.webops.schema.ConfigSchemas;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tools an agent may call: {@value #HTTP_FETCH} (a GET or POST through the SSRF guard) and
 * other workflows, each named by its id or name (its input is the JSON object the model passes,
 * checked against the workflow's {@code input_schema} when it declares one, its output the tool's
 * result). Tool names sent to the model are made of letters, digits,
 * {@code _} and {@code -}, as the protocol requires.
 */
public final class AgentTools {

    public static final String HTTP_FETCH = "http_fetch";
    private static final int MAX_RESULT_CHARS = 20_000;

    private record Tool(ToolSpecification spec, WorkflowCatalog.Described workflow, ConfigSchemas input) {
    }

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final HttpCaller http;
    private final WorkflowRunner workflows;
    private final long timeoutMillis;
    private final JsonNode calledBy;

    /** Resolves the tool names; an unknown name fails naming it and where tools come from. */
    public AgentTools(String nodeId, List<String> names, HttpCaller http, WorkflowCatalog catalog, WorkflowRunner workflows,
                      long timeoutMillis, JsonNode calledBy, String callingWorkflowId) {
        this.http = http;
        this.workflows = workflows;
        this.timeoutMillis = timeoutMillis;
        this.calledBy = calledBy;
        for (String name : names) {
            if (name.equals(HTTP_FETCH)) {
                tools.put(HTTP_FETCH, new Tool(ToolSpecification.builder().name(HTTP_FETCH)
                        .description("Fetches a URL over HTTP(S) and answers {status, body}. Private and local addresses are refused.")
                        .parameters(JsonObjectSchema.builder()
                                .addStringProperty("url", "The http or https URL")
                                .addEnumProperty("method", List.of("GET", "POST"), "GET (default) or POST")
                                .addStringProperty("body", "Request body for POST")
                                .required("url").build())
                        .build(), null, null));
                continue;
            }
            String ref = name.startsWith("workflow:") ? name.substring("workflow:".length()) : name;
            WorkflowCatalog.Described wf = catalog.find(ref, callingWorkflowId).orElseThrow(() -> NodeFailure.config("Node '" + nodeId
                    + "': tool '" + name + "' is neither http_fetch nor the id or name of a workflow"));
            String toolName = toolName(wf.name() == null || wf.name().isBlank() ? wf.id() : wf.name());
            tools.put(toolName, new Tool(ToolSpecification.builder().name(toolName)
                    .description("Runs the workflow '" + wf.name() + "'" + (wf.description() == null || wf.description().isBlank()
                            ? "" : ": " + wf.description()) + ". Pass its input as the arguments object; answers the workflow's output"
                            + (wf.outputSchema() == null ? "." : ", matching this JSON Schema: " + Json.write(wf.outputSchema())))
                    .parameters(parameters(wf.inputSchema()))
                    .build(), wf, inputSchema(nodeId, name, wf)));
        }
    }

    private static ConfigSchemas inputSchema(String nodeId, String tool, WorkflowCatalog.Described wf) {
        try {
            return wf.inputSchema() == null ? null : ConfigSchemas.compile(wf.inputSchema());
        } catch (IllegalArgumentException e) {
            throw NodeFailure.config("Node '" + nodeId + "': tool '" + tool + "': the input_schema of workflow '" + wf.name()
                    + "' is not a usable JSON Schema: " + e.getMessage());
        }
    }

    /** The workflow's input_schema as the tool's parameters (each property as given), else any object. */
    private static JsonObjectSchema parameters(JsonNode inputSchema) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder().description("The workflow's input");
        if (inputSchema == null || !inputSchema.path("properties").isObject()) {
            return b.additionalProperties(true).build();
        }
        inputSchema.get("properties").fields().forEachRemaining(p ->
                b.addProperty(p.getKey(), JsonRawSchema.from(Json.write(p.getValue()))));
        List<String> required = new ArrayList<>();
        inputSchema.path("required").forEach(r -> required.add(r.asText()));
        return b.required(required).additionalProperties(inputSchema.path("additionalProperties").asBoolean(true)).build();
    }

    public List<ToolSpecification> specifications() {
        List<ToolSpecification> out = new ArrayList<>();
        tools.values().forEach(t -> out.add(t.spec()));
        return out;
    }

    public boolean isEmpty() {
        return tools.isEmpty();
    }

    /** Runs a tool call; the answer (or the error) is what goes back to the model and into the log. */
    public JsonNode call(ToolExecutionRequest request, CallLog log) {
        JsonNode arguments;
        try {
            arguments = request.arguments() == null || request.arguments().isBlank() ? Json.object() : Json.parse(request.arguments());
        } catch (IllegalArgumentException e) {
            return error(request.name(), Json.NODES.textNode(request.arguments()), "the arguments are not JSON: " + e.getMessage(), log);
        }
        Tool tool = tools.get(request.name());
        if (tool == null) {
            return error(request.name(), arguments, "there is no tool '" + request.name() + "'; the tools are " + tools.keySet(), log);
        }
        if (tool.input() != null) {
            List<io.webops.schema.SchemaProblem> problems = tool.input().validate(arguments);
            if (!problems.isEmpty()) {
                List<String> messages = new ArrayList<>();
                problems.forEach(p -> messages.add(p.message().replace("config.", "arguments.").replace("config ", "arguments ")));
                return error(request.name(), arguments, "the arguments do not match the workflow's input_schema: "
                        + String.join("; ", messages), log);
            }
        }
        try {
            JsonNode result = tool.workflow() == null ? fetch(arguments) : runWorkflow(tool.workflow(), arguments);
            log.toolCall(request.name(), arguments, result, null);
            return result;
        } catch (RuntimeException e) {
            return error(request.name(), arguments, e.getMessage(), log);
        }
    }

    private static JsonNode error(String tool, JsonNode arguments, String message, CallLog log) {
        log.toolCall(tool, arguments, null, message);
        ObjectNode out = Json.object();
        out.put("error", message);
        return out;
    }

    /** As deep as sub_workflow lets workflows nest: a tool calling its own agent back stops there. */
    static final int MAX_DEPTH = 8;

    private JsonNode runWorkflow(WorkflowCatalog.Described workflow, JsonNode input) {
        if (calledBy.path("depth").asInt(0) > MAX_DEPTH) {
            throw new IllegalStateException("workflows are nested " + MAX_DEPTH + " deep; a tool is probably calling its own agent back");
        }
        WorkflowRunner.Child child = workflows.run(workflow.id(), input, calledBy, true);
        if (!"success".equals(child.status())) {
            throw new IllegalStateException("workflow '" + workflow.name() + "' ended " + child.status()
                    + (child.error() == null ? "" : ": " + child.error()));
        }
        return child.output() == null ? Json.NODES.nullNode() : child.output();
    }

    private JsonNode fetch(JsonNode arguments) {
        String url = arguments.path("url").asText("");
        String method = arguments.path("method").asText("GET").toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new IllegalArgumentException("method must be GET or POST");
        }
        byte[] body = method.equals("POST") && arguments.hasNonNull("body")
                ? arguments.get("body").asText().getBytes(StandardCharsets.UTF_8) : null;
        HttpCaller.Response r = http.call(new HttpCaller.Request(url, method, Map.of("Accept", "application/json, text/*;q=0.9"), body, timeoutMillis));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        ObjectNode out = Json.object();
        out.put("status", r.status());
        out.put("body", text.length() > MAX_RESULT_CHARS ? text.substring(0, MAX_RESULT_CHARS) + "…" : text);
        return out;
    }

    static String toolName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_-]+", "_");
        if (safe.length() > 64) {
            safe = safe.substring(0, 64);
        }
        return safe.isEmpty() ? "workflow" : safe;
    }
}
