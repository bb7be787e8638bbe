package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.transform.Conditions;
import io.webops.transform.Transforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Node-RED flow export (an array of nodes {@code {id, type, z, name, x, y, wires: [[ids], ...], ...}}, or the
 * {@code {"flows": [...]}} of its admin API) as a draft workflow. The workflow's data is Node-RED's message
 * ({@code {payload, topic, ...}}): {@code http in} and {@code inject} build it as the trigger's node, {@code change}
 * and {@code switch} rules are JSONata over it, a {@code function} runs on it in the sandbox, and {@code http response}
 * answers with its {@code payload}. Tabs are not nodes; configuration nodes and nodes with no counterpart are
 * reported and left out with their wires.
 */
public final class NodeRedImport {

    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\{?\\s*([^}]+?)\\s*}?}}");
    private static final List<String> FLOW_CONTEXT = List.of("flow.", "global.", "context.", "env.get", "node.send",
            "node.done", "RED.");

    private final JsonNode[] nodes;
    private final Draft draft;
    private final Map<String, Mapping> mappings = new LinkedHashMap<>();
    private boolean triggerTaken;

    /** How a mapped node takes part in the graph beyond plain output-to-input connections. */
    private enum Kind { PLAIN, SWITCH, HTTP_REQUEST, SPLIT, JOIN }

    private record Mapping(String type, ObjectNode config, String reason, Kind kind, List<String> outputConditions) {
        static Mapping plain(String type, ObjectNode config, String reason) {
            return new Mapping(type, config, reason, Kind.PLAIN, List.of());
        }
    }

    /** A node that cannot be imported, and why. */
    private static final class Unmapped extends Exception {
        Unmapped(String message) {
            super(message, null, false, false);
        }
    }

    private NodeRedImport(JsonNode[] nodes, String name) {
        this.nodes = nodes;
        this.draft = new Draft(name, "Imported from Node-RED");
    }

    /** @throws ImportException when the document does not have the shape of a Node-RED flow export */
    public static Imported convert(JsonNode document) {
        JsonNode flows = document.isObject() && document.path("flows").isArray() ? document.path("flows") : document;
        if (!flows.isArray()) {
            throw new ImportException("A Node-RED document is an array of nodes (or {\"flows\": [...]})");
        }
        JsonNode[] nodes = new JsonNode[flows.size()];
        String name = null;
        for (int i = 0; i < flows.size(); i++) {
            JsonNode n = flows.get(i);
            if (!n.path("id").isTextual() || !n.path("type").isTextual()) {
                throw new ImportException("Node-RED node " + i + " has no " + (n.path("id").isTextual() ? "type" : "id"));
            }
            if ("tab".equals(n.path("type").asText()) && name == null) {
                name = n.path("label").asText(null);
            }
            nodes[i] = n;
        }
        NodeRedImport im = new NodeRedImport(nodes, name == null ? "Imported from Node-RED" : name);
        im.mapNodes();
        im.connect();
        return im.draft.result();
    }

    private static String label(JsonNode n) {
        String name = n.path("name").asText("");
        return name.isBlank() ? n.path("type").asText() + " " + n.path("id").asText() : name;
    }

    private void mapNodes() {
        boolean responds = false;
        for (JsonNode n : nodes) {
            responds |= "http response".equals(n.path("type").asText());
        }
        for (JsonNode n : nodes) {
            String type = n.path("type").asText();
            if ("tab".equals(type)) {
                continue;
            }
            String name = label(n);
            String described = "'" + name + "' (" + type + ")";
            Mapping m;
            try {
                m = map(n, responds);
            } catch (Unmapped e) {
                draft.report(ReportEntry.unsupported(name, described + ": " + e.getMessage() + wiresDropped(n)));
                continue;
            }
            String id = draft.idFor(n.path("id").asText(), name);
            mappings.put(n.path("id").asText(), m);
            ObjectNode node = draft.addNode(id, m.type(), name, n.path("x"), n.path("y"), m.config());
            if (n.path("d").asBoolean(false)) {
                node.put("enabled", false);
            }
            draft.report(ReportEntry.mapped(name, m.reason()));
        }
    }

    private String wiresDropped(JsonNode n) {
        boolean wired = false;
        for (JsonNode output : n.path("wires")) {
            wired |= !output.isEmpty();
        }
        for (JsonNode other : nodes) {
            for (JsonNode output : other.path("wires")) {
                for (JsonNode target : output) {
                    wired |= target.asText().equals(n.path("id").asText());
                }
            }
        }
        return wired ? "; its wires are left out with it" : "";
    }

    private Mapping map(JsonNode n, boolean responds) throws Unmapped {
        String type = n.path("type").asText();
        if (!n.has("wires") && !n.has("x")) {
            throw new Unmapped("a configuration node (shared settings, often credentials), not a step; credentials "
                    + "are not imported");
        }
        return switch (type) {
            case "http in" -> httpIn(n, responds);
            case "inject" -> inject(n);
            case "change" -> change(n);
            case "switch" -> switchNode(n);
            case "function" -> function(n);
            case "http request" -> httpRequest(n);
            case "delay" -> delay(n);
            case "split" -> split(n);
            case "join" -> join(n);
            case "http response" -> httpResponse(n);
            case "debug" -> throw new Unmapped("its output goes to Node-RED's debug sidebar; the execution log keeps "
                    + "every node's output instead");
            case "comment" -> throw new Unmapped("a comment on the canvas, not a step");
            default -> throw new Unmapped("no counterpart among the product's node types");
        };
    }

    private void takeTrigger(ObjectNode trigger) throws Unmapped {
        if (triggerTaken) {
            throw new Unmapped("a workflow has one trigger and an earlier node is it; import this flow as a workflow "
                    + "of its own");
        }
        triggerTaken = true;
        draft.trigger().removeAll();
        draft.trigger().setAll(trigger);
    }

    private static ObjectNode jsonata(String query) throws Unmapped {
        try {
            Transforms.compile("jsonata", query);
        } catch (RuntimeException e) {
            throw new Unmapped("its JSONata does not compile: " + e.getMessage());
        }
        return Json.object().put("type", "jsonata").put("query", query);
    }

    private Mapping httpIn(JsonNode n, boolean responds) throws Unmapped {
        String url = n.path("url").asText("").replaceAll("^/+", "");
        if (url.contains(":")) {
            throw new Unmapped("its URL /" + url + " has route parameters; a webhook path is fixed");
        }
        String method = n.path("method").asText("get").toUpperCase(Locale.ROOT);
        takeTrigger(Json.object().put("type", "webhook").put("path", url).put("method", method)
                .put("respond", responds ? "when_finished" : "immediately"));
        // Node-RED puts a GET's query (any other method's body) in msg.payload and the request in msg.req
        String payload = "GET".equals(method) ? "$trigger.query" : "$";
        return Mapping.plain("transform", jsonata("{\"payload\": " + payload + ", \"req\": {\"method\": $trigger.method, "
                        + "\"headers\": $trigger.headers, \"query\": $trigger.query}}"),
                "webhook trigger (" + method + " /webhooks/" + url + (responds ? ", answered by the http response node"
                        : ", answered at once") + "); the node builds msg {payload, req}");
    }

    private Mapping inject(JsonNode n) throws Unmapped {
        List<String> members = new ArrayList<>();
        JsonNode props = n.path("props").isArray() ? n.path("props")
                : Json.NODES.arrayNode().add(Json.object().put("p", "payload")).add(Json.object().put("p", "topic"));
        for (JsonNode prop : props) {
            String p = prop.path("p").asText();
            JsonNode value = "payload".equals(p) ? n.path("payload") : "topic".equals(p) ? n.path("topic") : prop.path("v");
            String type = "payload".equals(p) ? n.path("payloadType").asText("date")
                    : "topic".equals(p) ? "str" : prop.path("vt").asText("str");
            members.add(Json.write(Json.NODES.textNode(p)) + ": " + injected(value, type, p));
        }
        String repeat = n.path("repeat").asText("");
        String crontab = n.path("crontab").asText("");
        String cron = !crontab.isBlank() ? crontab : repeat.isBlank() ? null : every(repeat);
        takeTrigger(cron == null ? Json.object().put("type", "manual") : Json.object().put("type", "schedule").put("cron", cron));
        return Mapping.plain("transform", jsonata("{" + String.join(", ", members) + "}"),
                (cron == null ? "manual trigger" : "schedule trigger (cron " + cron + ")") + "; the node builds msg {"
                        + String.join(", ", props.findValuesAsText("p")) + "}"
                        + (n.path("once").asBoolean(false) ? "; it does not also fire once at start" : ""));
    }

    private static String injected(JsonNode value, String type, String property) throws Unmapped {
        String text = value.asText("");
        return switch (type) {
            case "date" -> "$millis()";
            case "str" -> Json.write(Json.NODES.textNode(text));
            case "num", "json" -> {
                try {
                    yield Json.write(Json.parse(text.isBlank() ? "null" : text));
                } catch (RuntimeException e) {
                    throw new Unmapped("msg." + property + " '" + text + "' is not " + type);
                }
            }
            case "bool" -> String.valueOf("true".equals(text));
            default -> throw new Unmapped("msg." + property + " comes from " + type + ", which has no counterpart in a "
                    + "workflow");
        };
    }

    /** Node-RED's repeat interval in seconds as a cron: minutes where it is a whole number of them. */
    private static String every(String seconds) throws Unmapped {
        int s;
        try {
            s = (int) Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            throw new Unmapped("its repeat '" + seconds + "' is not a number of seconds");
        }
        if (s >= 60 && s % 60 == 0 && s < 3600) {
            return "*/" + s / 60 + " * * * *";
        }
        if (s >= 3600 && s % 3600 == 0 && s < 86400) {
            return "0 */" + s / 3600 + " * * *";
        }
        if (s > 0 && s < 60) {
            return "*/" + s + " * * * * ?";
        }
        throw new Unmapped("its repeat of " + s + " s is not a cron step (seconds under a minute, whole minutes "
                + "under an hour or whole hours under a day)");
    }

    private Mapping change(JsonNode n) throws Unmapped {
        try {
            return Mapping.plain("transform", jsonata(NodeRedRules.change(n.path("rules"))),
                    "JSONata transform applying its " + n.path("rules").size() + " rule(s) to msg");
        } catch (NodeRedRules.Unmappable e) {
            throw new Unmapped(e.getMessage());
        }
    }

    private Mapping switchNode(JsonNode n) throws Unmapped {
        List<String> conditions;
        try {
            conditions = NodeRedRules.switchConditions(n);
        } catch (NodeRedRules.Unmappable e) {
            throw new Unmapped(e.getMessage());
        }
        for (String c : conditions) {
            try {
                Conditions.compile("jsonata", c);
            } catch (RuntimeException e) {
                throw new Unmapped("a rule's JSONata does not compile: " + e.getMessage());
            }
        }
        boolean all = !"false".equals(n.path("checkall").asText("true"));
        return new Mapping("transform", jsonata("$"), "transform passing msg on; each of its " + conditions.size()
                + " outputs is a connection with its rule as a JSONata condition"
                + (all ? " (every matching rule)" : " (the first matching rule)"), Kind.SWITCH, conditions);
    }

    private Mapping function(JsonNode n) throws Unmapped {
        if (n.path("outputs").asInt(1) != 1) {
            throw new Unmapped("it has " + n.path("outputs").asInt() + " outputs; a custom_code node has one");
        }
        String func = n.path("func").asText("");
        for (String host : FLOW_CONTEXT) {
            if (func.contains(host)) {
                throw new Unmapped("its code uses " + host + ", which the sandbox does not offer (it sees msg only)");
            }
        }
        if (!n.path("initialize").asText("").isBlank() || !n.path("finalize").asText("").isBlank()
                || n.path("libs").size() > 0) {
            throw new Unmapped("it has setup or close code or libraries; the sandbox runs the message code only");
        }
        String code = "const msg = JSON.parse(JSON.stringify(input ?? {}));\n"
                + "const node = { log: console.log, warn: console.log, error: console.log, status: () => {} };\n"
                + "const __out = (function (msg) {\n" + func + "\n})(msg);\n"
                + "return __out === undefined ? null : __out;\n";
        return Mapping.plain("custom_code", Json.object().put("language", "javascript").put("code", code),
                "custom_code running its JavaScript on msg in the sandbox"
                        + (func.contains("return null") ? "; returning null passes null on instead of stopping the flow" : ""));
    }

    private Mapping httpRequest(JsonNode n) throws Unmapped {
        String method = n.path("method").asText("GET").toUpperCase(Locale.ROOT);
        if ("USE".equals(method)) {
            throw new Unmapped("its method comes from msg.method; the product's method is fixed");
        }
        if ("bin".equals(n.path("ret").asText("txt"))) {
            throw new Unmapped("it returns a binary buffer; the product reads text or JSON");
        }
        String url = n.path("url").asText("");
        ObjectNode config = Json.object()
                .put("url", url.isBlank() ? "{{ data.url }}" : mustache(url))
                .put("method", method)
                .put("response_format", "obj".equals(n.path("ret").asText("txt")) ? "json" : "text")
                .put("fail_on_status", false);
        if (!"GET".equals(method) && !"DELETE".equals(method)) {
            config.put("body", "{{ data.payload }}");
        }
        JsonNode headers = n.path("headers");
        if (headers.isArray() && !headers.isEmpty()) {
            ObjectNode h = config.putObject("headers");
            for (JsonNode header : headers) {
                h.put(header.path("keyType").asText("other").equals("other") ? header.path("keyValue").asText()
                        : header.path("keyType").asText(), header.path("valueValue").asText());
            }
        }
        return new Mapping("api_call", config, "api_call " + method + " " + (url.isBlank() ? "msg.url" : url)
                + "; its connections carry msg with payload, statusCode and headers of the response"
                + (n.path("authType").asText("").isBlank() ? "" : "; its " + n.path("authType").asText()
                + " authentication is not imported: create an http credential and pick it on the node"),
                Kind.HTTP_REQUEST, List.of());
    }

    /** Node-RED's mustache URL ({@code {{payload.id}}}, {@code {{{msg.x}}}}) as a template over the message. */
    private static String mustache(String url) {
        Matcher m = MUSTACHE.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group(1).startsWith("msg.") ? m.group(1).substring(4) : m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement("{{ data." + path + " }}"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Mapping delay(JsonNode n) throws Unmapped {
        if (!"delay".equals(n.path("pauseType").asText("delay"))) {
            throw new Unmapped("its " + n.path("pauseType").asText() + " mode limits rates or reads msg.delay; only a "
                    + "fixed delay is imported");
        }
        double amount = n.path("timeout").asDouble(5);
        double seconds = amount * switch (n.path("timeoutUnits").asText("seconds")) {
            case "milliseconds" -> 0.001;
            case "minutes" -> 60;
            case "hours" -> 3600;
            case "days" -> 86400;
            default -> 1;
        };
        return Mapping.plain("delay", Json.object().set("seconds", N8nNodes.seconds(seconds)),
                "delay of " + N8nNodes.seconds(seconds) + " s");
    }

    private Mapping split(JsonNode n) {
        String property = n.path("property").asText("payload");
        return new Mapping("split", Json.object().put("path", property),
                "split of the array at msg." + property + " (strings and objects are not split); each item runs as "
                        + "msg {payload: item}", Kind.SPLIT, List.of());
    }

    private Mapping join(JsonNode n) throws Unmapped {
        String mode = n.path("mode").asText("auto");
        if (!"auto".equals(mode) && !("custom".equals(mode) && "array".equals(n.path("build").asText("array")))) {
            throw new Unmapped("its " + mode + " mode (" + n.path("build").asText() + ") is not imported; joining "
                    + "the payloads of a split into an array is");
        }
        return new Mapping("merge", Json.object().put("mode", "gather"),
                "merge gathering the split's items; its connections carry msg {payload: [the items' payloads]}",
                Kind.JOIN, List.of());
    }

    private Mapping httpResponse(JsonNode n) {
        String status = n.path("statusCode").asText("");
        ObjectNode config = Json.object().put("status", status.isBlank() ? 200 : Integer.parseInt(status.trim()))
                .put("body", "{{ data.payload }}");
        JsonNode headers = n.path("headers");
        if (headers.isObject() && !headers.isEmpty()) {
            config.set("headers", headers.deepCopy());
        }
        return Mapping.plain("respond", config, "respond " + config.path("status").asInt() + " with msg.payload"
                + (status.isBlank() ? " (msg.statusCode is not read)" : ""));
    }

    private void connect() {
        Map<String, List<String>> incoming = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            for (JsonNode output : n.path("wires")) {
                for (JsonNode target : output) {
                    incoming.computeIfAbsent(target.asText(), k -> new ArrayList<>()).add(n.path("id").asText());
                }
            }
        }
        for (JsonNode n : nodes) {
            String sourceKey = n.path("id").asText();
            Mapping from = mappings.get(sourceKey);
            if (from == null) {
                continue;
            }
            ArrayNode wires = n.path("wires").isArray() ? (ArrayNode) n.path("wires") : Json.NODES.arrayNode();
            for (int index = 0; index < wires.size(); index++) {
                for (JsonNode target : wires.get(index)) {
                    if (!mappings.containsKey(target.asText())) {
                        continue;
                    }
                    ObjectNode c = draft.connect(draft.idOf(sourceKey), "output", draft.idOf(target.asText()));
                    switch (from.kind()) {
                        case SWITCH -> {
                            if (index < from.outputConditions().size()) {
                                c.set("condition", Json.object().put("language", "jsonata")
                                        .put("expression", from.outputConditions().get(index)));
                            }
                        }
                        case HTTP_REQUEST -> c.set("transform", Json.object().put("type", "jsonata")
                                .put("query", responseMessage(incoming.getOrDefault(sourceKey, List.of()))));
                        case SPLIT -> c.set("transform", Json.object().put("type", "jsonata").put("query", "{\"payload\": $}"));
                        case JOIN -> c.set("transform", Json.object().put("type", "jsonata")
                                .put("query", "{\"payload\": [$.payload]}"));
                        default -> {
                        }
                    }
                }
            }
        }
    }

    /** msg after an http request: the message it was sent with (its one predecessor's), with the response on it. */
    private String responseMessage(List<String> predecessors) {
        String response = "{\"payload\": body, \"statusCode\": status, \"headers\": headers}";
        if (predecessors.size() != 1 || draft.idOf(predecessors.get(0)) == null) {
            return response;
        }
        return "$merge([$lookup($nodes, " + Json.write(Json.NODES.textNode(draft.idOf(predecessors.get(0)))) + "), "
                + response + "])";
    }
}
