package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each n8n node type becomes: its product node type, config and what the report says of it. Values that are
 * n8n expressions become templates where they are plain paths; a Set or Code node with other JavaScript becomes a
 * custom_code node running it in the sandbox; any other field with JavaScript leaves its node unsupported, naming the
 * field.
 */
final class N8nNodes {

    /** How a mapped node takes part in the graph beyond plain output-to-input connections. */
    enum Kind { PLAIN, IF, SWITCH, LOOP, HTTP }

    /** A node's mapping; {@code type} null when it is not mapped, {@code reason} saying why. */
    record Mapping(String type, ObjectNode config, String reason, Kind kind, List<String> outputConditions,
                   int errorOutput, int loopOutput, boolean loopHasDone) {

        static Mapping unsupported(String reason) {
            return new Mapping(null, null, reason, Kind.PLAIN, List.of(), -1, 0, false);
        }

        Mapping withErrorOutput(int index) {
            return new Mapping(type, config, reason, kind, outputConditions, index, loopOutput, loopHasDone);
        }
    }

    private static final List<String> TYPES = List.of("webhook", "scheduleTrigger", "manualTrigger", "set", "if",
            "switch", "merge", "splitInBatches", "wait", "code", "emailSend", "slack", "googleSheets", "postgres",
            "mySql", "httpRequest", "respondToWebhook", "noOp");

    private static final String PASS_THROUGH = "$";

    private final N8nExpressions expressions;
    private final N8nConditions conditions;
    private final Draft draft;
    private boolean triggerTaken;

    N8nNodes(N8nExpressions expressions, Draft draft) {
        this.expressions = expressions;
        this.conditions = new N8nConditions(expressions);
        this.draft = draft;
    }

    static boolean maps(String type) {
        return type.startsWith(N8nImport.PREFIX) && TYPES.contains(type.substring(N8nImport.PREFIX.length()));
    }

    static String noCounterpart(JsonNode n) {
        String type = n.path("type").asText();
        if (type.equals(N8nImport.PREFIX + "stickyNote")) {
            return "'" + n.path("name").asText() + "' (" + type + ") is a note on n8n's canvas, not a step";
        }
        return "'" + n.path("name").asText() + "' (" + type + ") has no counterpart among the product's node types";
    }

    Mapping map(JsonNode n, String id) {
        String type = n.path("type").asText().substring(N8nImport.PREFIX.length());
        JsonNode p = n.path("parameters");
        String label = "'" + n.path("name").asText() + "' (" + n.path("type").asText() + ")";
        Mapping m;
        try {
            m = switch (type) {
                case "webhook" -> webhook(p, label);
                case "scheduleTrigger" -> schedule(p, label);
                case "manualTrigger" -> trigger(label, "manual", Json.object().put("type", "manual"));
                case "set" -> set(p, n.path("typeVersion").asDouble(1));
                case "if" -> iff(p);
                case "switch" -> switchNode(p);
                case "merge" -> merge(p);
                case "splitInBatches" -> loop(p, n.path("typeVersion").asDouble(1));
                case "wait" -> waitNode(p);
                case "code" -> code(p);
                case "emailSend" -> email(p);
                case "slack" -> slack(p);
                case "googleSheets" -> sheets(p);
                case "postgres", "mySql" -> database(p);
                case "httpRequest" -> http(p);
                case "respondToWebhook" -> respond(p);
                default -> plain("transform", Json.object().put("type", "jsonata").put("query", PASS_THROUGH),
                        "transform passing its input on, as n8n's No Operation does");
            };
        } catch (Unmapped e) {
            return Mapping.unsupported(label + ": " + e.getMessage());
        }
        if (m.type() != null && "continueErrorOutput".equals(n.path("onError").asText())) {
            int outputs = m.kind() == Kind.IF ? 2 : m.kind() == Kind.SWITCH ? m.outputConditions().size() : 1;
            return m.withErrorOutput(outputs);
        }
        return m;
    }

    /** A field the product cannot take as n8n wrote it; the node is then not mapped. */
    private static final class Unmapped extends Exception {
        Unmapped(String message) {
            super(message, null, false, false);
        }
    }

    private static Mapping plain(String type, ObjectNode config, String reason) {
        return new Mapping(type, config, reason, Kind.PLAIN, List.of(), -1, 0, false);
    }

    private String param(JsonNode p, String field) throws Unmapped {
        return template(p.path(field), field);
    }

    private String template(JsonNode value, String field) throws Unmapped {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            return value.asText();
        }
        String t = expressions.template(value.asText());
        if (t == null) {
            throw new Unmapped(field + " " + value.asText() + " is JavaScript, not a plain path; the product's "
                    + "templates take paths such as {{ data.a.b }}");
        }
        return t;
    }

    /** The value of n8n's resource locator ({@code {"__rl": true, "value": ..., "mode": ...}}) or a plain value. */
    private static JsonNode locator(JsonNode value) {
        return value.path("__rl").asBoolean(false) ? value.path("value") : value;
    }

    // ---------------------------------------------------------------- triggers

    private Mapping trigger(String label, String description, ObjectNode trigger) throws Unmapped {
        if (triggerTaken) {
            throw new Unmapped("a workflow has one trigger and an earlier node is it; import this trigger's branch as "
                    + "a workflow of its own");
        }
        triggerTaken = true;
        draft.trigger().removeAll();
        draft.trigger().setAll(trigger);
        return plain("webhook_input", Json.object(), description + " trigger; the node passes the execution's input on");
    }

    private Mapping webhook(JsonNode p, String label) throws Unmapped {
        String mode = p.path("responseMode").asText("onReceived");
        String method = p.path("httpMethod").asText("GET");
        ObjectNode trigger = Json.object().put("type", "webhook").put("method", method)
                .put("respond", "onReceived".equals(mode) ? "immediately" : "when_finished");
        String path = p.path("path").asText("");
        if (!path.isBlank()) {
            trigger.put("path", path.replaceAll("^/+", ""));
        }
        trigger(label, "webhook", trigger);
        // n8n's webhook node gives {headers, params, query, body}; its next nodes read $json.body
        ObjectNode config = Json.object().put("type", "jsonata").put("query",
                "{\"headers\": $trigger.headers, \"params\": {}, \"query\": $trigger.query, \"body\": $}");
        return plain("transform", config, "webhook trigger (" + method + " /webhooks/" + trigger.path("path").asText("<workflow id>")
                + ", answering " + ("onReceived".equals(mode) ? "at once" : "when the workflow finishes")
                + "); the node gives {headers, params, query, body} as n8n's does");
    }

    private Mapping schedule(JsonNode p, String label) throws Unmapped {
        JsonNode rule = p.path("rule").path("interval").path(0);
        String cron = switch (rule.path("field").asText("days")) {
            case "cronExpression" -> rule.path("expression").asText();
            case "seconds" -> "*/" + rule.path("secondsInterval").asInt(30) + " * * * * ?";
            case "minutes" -> "*/" + rule.path("minutesInterval").asInt(5) + " * * * *";
            case "hours" -> rule.path("triggerAtMinute").asInt(0) + " */" + rule.path("hoursInterval").asInt(1) + " * * *";
            case "days" -> rule.path("triggerAtMinute").asInt(0) + " " + rule.path("triggerAtHour").asInt(0)
                    + " */" + rule.path("daysInterval").asInt(1) + " * *";
            case "weeks" -> rule.path("triggerAtMinute").asInt(0) + " " + rule.path("triggerAtHour").asInt(0)
                    + " * * " + join(rule.path("triggerAtDay"), "0");
            case "months" -> rule.path("triggerAtMinute").asInt(0) + " " + rule.path("triggerAtHour").asInt(0) + " "
                    + rule.path("triggerAtDayOfMonth").asInt(1) + " */" + rule.path("monthsInterval").asInt(1) + " *";
            default -> throw new Unmapped("schedule rule '" + rule.path("field").asText() + "' is not known");
        };
        if (p.path("rule").path("interval").size() > 1) {
            throw new Unmapped("it has " + p.path("rule").path("interval").size() + " schedule rules; a workflow "
                    + "has one cron");
        }
        trigger(label, "schedule", Json.object().put("type", "schedule").put("cron", cron));
        return plain("webhook_input", Json.object(), "schedule trigger (cron " + cron + "); the node passes the fire "
                + "time on");
    }

    private static String join(JsonNode values, String fallback) {
        if (!values.isArray() || values.isEmpty()) {
            return fallback;
        }
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(v.asText()));
        return String.join(",", parts);
    }

    // ---------------------------------------------------------------- data

    /** One field an Edit Fields (Set) node sets: its dotted name, n8n value and declared type. */
    private record Field(String name, JsonNode value, String type) {
    }

    private Mapping set(JsonNode p, double version) throws Unmapped {
        List<Field> fields = new ArrayList<>();
        boolean keepInput;
        if (p.path("assignments").path("assignments").isArray()) {
            for (JsonNode a : p.path("assignments").path("assignments")) {
                fields.add(new Field(a.path("name").asText(), a.path("value"), a.path("type").asText("string")));
            }
            keepInput = p.path("includeOtherFields").asBoolean(false);
        } else if (p.path("values").isObject() && version < 3) {
            for (String type : List.of("string", "number", "boolean")) {
                for (JsonNode v : p.path("values").path(type)) {
                    fields.add(new Field(v.path("name").asText(), v.path("value"), type));
                }
            }
            keepInput = !p.path("keepOnlySet").asBoolean(false);
        } else {
            throw new Unmapped("only the manual mapping of Edit Fields 3.3+ (assignments) and Set 1-2 (values) are "
                    + "imported");
        }
        boolean dotted = p.path("options").path("dotNotation").asBoolean(true);
        Map<String, Object> tree = new LinkedHashMap<>();
        boolean allPaths = true;
        for (Field f : fields) {
            String value = expressions.jsonata(typed(f));
            if (value == null) {
                allPaths = false;
                break;
            }
            put(tree, dotted ? List.of(f.name().split("\\.")) : List.of(f.name()), value);
        }
        if (allPaths) {
            String object = jsonataObject(tree);
            String query = keepInput ? "$merge([$, " + object + "])" : object;
            return plain("transform", Json.object().put("type", "jsonata").put("query", query),
                    "JSONata transform setting " + names(fields) + (keepInput ? " on the input" : ""));
        }
        StringBuilder code = new StringBuilder("const $json = input;\n")
                .append("const out = ").append(keepInput ? "JSON.parse(JSON.stringify(input ?? {}))" : "{}").append(";\n")
                .append("const set = (o, path, v) => { const keys = path; let at = o;\n")
                .append("  keys.slice(0, -1).forEach(k => { if (typeof at[k] !== 'object' || at[k] === null) at[k] = {}; at = at[k]; });\n")
                .append("  at[keys[keys.length - 1]] = v; };\n");
        for (Field f : fields) {
            List<String> path = dotted ? List.of(f.name().split("\\.")) : List.of(f.name());
            code.append("set(out, ").append(Json.write(path)).append(", ").append(N8nExpressions.javaScript(f.value()))
                    .append(");\n");
        }
        code.append("return out;\n");
        return plain("custom_code", Json.object().put("language", "javascript").put("code", code.toString()),
                "custom_code (sandboxed JavaScript) setting " + names(fields) + ": its values are JavaScript over $json");
    }

    private static String names(List<Field> fields) {
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.name()));
        return String.join(", ", names);
    }

    /** A literal Set value as the JSON of its declared type (n8n keeps numbers and booleans typed in text fields). */
    private static JsonNode typed(Field f) {
        JsonNode v = f.value();
        if (N8nExpressions.isExpression(v) || !v.isTextual()) {
            return v;
        }
        try {
            return switch (f.type()) {
                case "number" -> Json.parse(v.asText().trim());
                case "boolean" -> Json.NODES.booleanNode(Boolean.parseBoolean(v.asText().trim()));
                case "array", "object", "json" -> Json.parse(v.asText());
                default -> v;
            };
        } catch (RuntimeException e) {
            return v;
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, List<String> path, String value) {
        Map<String, Object> at = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            Object next = at.get(path.get(i));
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                at.put(path.get(i), next);
            }
            at = (Map<String, Object>) next;
        }
        at.put(path.get(path.size() - 1), value);
    }

    @SuppressWarnings("unchecked")
    private static String jsonataObject(Map<String, Object> tree) {
        List<String> members = new ArrayList<>();
        tree.forEach((k, v) -> members.add(Json.write(Json.NODES.textNode(k)) + ": "
                + (v instanceof Map ? jsonataObject((Map<String, Object>) v) : (String) v)));
        return "{" + String.join(", ", members) + "}";
    }

    private Mapping code(JsonNode p) throws Unmapped {
        if (!"javaScript".equals(p.path("language").asText("javaScript"))) {
            throw new Unmapped("its code is " + p.path("language").asText() + "; the sandbox runs JavaScript only");
        }
        String js = p.path("jsCode").asText("");
        for (String host : List.of("$(", "$node", "$env", "$workflow", "$execution", "this.helpers", "require(")) {
            if (js.contains(host)) {
                throw new Unmapped("its code uses " + host + ", which the sandbox does not offer (it sees the input only)");
            }
        }
        boolean eachItem = "runOnceForEachItem".equals(p.path("mode").asText("runOnceForAllItems"));
        String code = "const __items = Array.isArray(input) ? input.map(j => ({ json: j })) : [{ json: input }];\n"
                + "const __json = r => (r !== null && typeof r === 'object' && 'json' in r) ? r.json : r;\n"
                + (eachItem
                ? "const __out = __items.map(__item => { const $json = __item.json;\n"
                + "  const $input = { item: __item, all: () => __items, first: () => __items[0] };\n"
                + "  return (function () {\n" + js + "\n})(); });\n"
                : "const $input = { all: () => __items, first: () => __items[0], last: () => __items[__items.length - 1],"
                + " item: __items[0] };\nconst items = __items;\nconst $json = __items[0].json;\n"
                + "const __out = (function () {\n" + js + "\n})();\n")
                + "const __list = (Array.isArray(__out) ? __out : [__out]).map(__json);\n"
                + "return __list.length === 1 ? __list[0] : __list;\n";
        return plain("custom_code", Json.object().put("language", "javascript").put("code", code),
                "custom_code running its JavaScript in the sandbox (" + (eachItem ? "once per item" : "once for all items")
                        + "); n8n's items are the input (an array is several items)");
    }

    // ---------------------------------------------------------------- flow

    private Mapping iff(JsonNode p) throws Unmapped {
        try {
            String expression = conditions.expression(p.path("conditions"), p);
            return new Mapping("condition", Json.object().put("expression", expression),
                    "condition " + expression + " (outputs true, false)", Kind.IF, List.of(), -1, 0, false);
        } catch (N8nConditions.Unmappable e) {
            throw new Unmapped(e.getMessage());
        }
    }

    private Mapping switchNode(JsonNode p) throws Unmapped {
        if (!"rules".equals(p.path("mode").asText("rules"))) {
            throw new Unmapped("mode '" + p.path("mode").asText() + "' computes the output in JavaScript; only "
                    + "the rules mode is imported");
        }
        JsonNode rules = p.path("rules").path("values");
        if (!rules.isArray()) {
            throw new Unmapped("only Switch 3+ rules (rules.values) are imported");
        }
        boolean allMatching = p.path("options").path("allMatchingOutputs").asBoolean(false);
        List<String> holds = new ArrayList<>();
        try {
            for (JsonNode rule : rules) {
                holds.add(conditions.expression(rule.path("conditions"), rule));
            }
        } catch (N8nConditions.Unmappable e) {
            throw new Unmapped("rule " + (holds.size() + 1) + ": " + e.getMessage());
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < holds.size(); i++) {
            outputs.add(allMatching || i == 0 ? holds.get(i) : "(" + holds.get(i) + ") and not (" + String.join(" or ",
                    holds.subList(0, i).stream().map(h -> "(" + h + ")").toList()) + ")");
        }
        String fallback = p.path("options").path("fallbackOutput").asText("none");
        if ("extra".equals(fallback)) {
            outputs.add("not (" + String.join(" or ", holds.stream().map(h -> "(" + h + ")").toList()) + ")");
        } else if (!"none".equals(fallback)) {
            throw new Unmapped("its fallback output is output " + fallback + "; only none and an extra output are "
                    + "imported");
        }
        return new Mapping("transform", Json.object().put("type", "jsonata").put("query", PASS_THROUGH),
                "transform passing its input on; each of its " + outputs.size() + " outputs is a connection whose "
                        + "condition is its rule" + (allMatching ? " (all matching outputs)" : " (the first matching output)"),
                Kind.SWITCH, outputs, -1, 0, false);
    }

    private Mapping merge(JsonNode p) {
        String mode = p.path("mode").asText("append");
        String reason = "merge (join): waits for its inputs and merges their objects key by key";
        if (mode.equals("append")) {
            reason += "; n8n's append lists the items of both inputs one after the other instead";
        }
        return plain("merge", Json.object().put("mode", "join"), reason);
    }

    private Mapping loop(JsonNode p, double version) {
        boolean hasDone = version >= 3;
        int batch = p.path("batchSize").asInt(hasDone ? 1 : 10);
        return new Mapping("loop", Json.object().put("path", ""),
                "loop over the input's items in order" + (hasDone ? ", its done output leaving from a merge that "
                        + "gathers them" : "") + (batch != 1 ? "; one item at a time, not batches of " + batch : ""),
                Kind.LOOP, List.of(), -1, hasDone ? 1 : 0, hasDone);
    }

    private Mapping waitNode(JsonNode p) throws Unmapped {
        String resume = p.path("resume").asText("timeInterval");
        if ("specificTime".equals(resume)) {
            return plain("delay", Json.object().put("until", param(p, "dateTime")), "delay until " + p.path("dateTime").asText());
        }
        if (!"timeInterval".equals(resume)) {
            throw new Unmapped("it resumes on " + resume + "; only waiting for a time is imported");
        }
        double amount = p.path("amount").asDouble(1);
        String unit = p.path("unit").asText("hours");
        double seconds = amount * switch (unit) {
            case "seconds" -> 1;
            case "minutes" -> 60;
            case "hours" -> 3600;
            case "days" -> 86400;
            default -> throw new Unmapped("unit '" + unit + "' is not known");
        };
        return plain("delay", Json.object().set("seconds", seconds(seconds)), "delay of " + seconds(seconds) + " s");
    }

    /** Seconds as JSON: whole ones as an integer. */
    static JsonNode seconds(double seconds) {
        return seconds == Math.rint(seconds) && Math.abs(seconds) < Integer.MAX_VALUE
                ? Json.NODES.numberNode((int) seconds) : Json.NODES.numberNode(seconds);
    }

    // ---------------------------------------------------------------- connectors

    private Mapping email(JsonNode p) throws Unmapped {
        ObjectNode config = Json.object();
        config.put("to", param(p, "toEmail"));
        config.put("subject", param(p, "subject"));
        String format = p.path("emailFormat").asText(p.has("html") ? "both" : "text");
        if (!"html".equals(format) && p.has("text")) {
            config.put("body", param(p, "text"));
        }
        if (!"text".equals(format) && p.has("html")) {
            config.put("html", param(p, "html"));
        }
        return plain("email", config, "email to " + p.path("toEmail").asText()
                + (p.has("fromEmail") ? "; the sender is the smtp credential's from, not " + p.path("fromEmail").asText() : ""));
    }

    private Mapping slack(JsonNode p) throws Unmapped {
        if (!"message".equals(p.path("resource").asText("message")) || !"post".equals(p.path("operation").asText("post"))) {
            throw new Unmapped("only posting a message is imported, not " + p.path("resource").asText("message") + " "
                    + p.path("operation").asText());
        }
        JsonNode channel = locator(p.has("channelId") ? p.path("channelId") : p.path("channel"));
        return plain("slack", Json.object().put("channel", template(channel, "channel")).put("message", param(p, "text")),
                "slack message to " + channel.asText());
    }

    private Mapping sheets(JsonNode p) throws Unmapped {
        String operation = p.path("operation").asText("read");
        if (!List.of("read", "append").contains(operation)) {
            throw new Unmapped("operation '" + operation + "' is not imported; the product reads a range or appends rows");
        }
        JsonNode sheet = p.path("sheetName");
        String range = sheet.path("cachedResultName").asText(locator(sheet).asText("Sheet1"));
        ObjectNode config = Json.object()
                .put("spreadsheet_id", template(locator(p.path("documentId")), "documentId"))
                .put("range", range)
                .put("mode", operation);
        if ("append".equals(operation) && "defineBelow".equals(p.path("columns").path("mappingMode").asText())) {
            ObjectNode row = config.putArray("rows").addObject();
            var fields = p.path("columns").path("value").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                row.put(f.getKey(), template(f.getValue(), "columns." + f.getKey()));
            }
        }
        return plain("google_sheets", config, "google_sheets " + operation + " of " + range);
    }

    private static final java.util.regex.Pattern POSITIONAL = java.util.regex.Pattern.compile("\\$(\\d+)");

    private Mapping database(JsonNode p) throws Unmapped {
        String operation = p.path("operation").asText("insert");
        String table = locator(p.path("table")).asText("");
        String schema = locator(p.path("schema")).asText("public");
        String qualified = schema.isEmpty() || "public".equals(schema) ? table : schema + "." + table;
        switch (operation) {
            case "executeQuery" -> {
                String query = p.path("query").asText("");
                ObjectNode parameters = Json.object();
                String replacements = p.path("options").path("queryReplacement").asText("");
                if (!replacements.isBlank()) {
                    String[] values = (replacements.startsWith("=") ? replacements.substring(1) : replacements).split(",");
                    for (int i = 0; i < values.length; i++) {
                        String v = values[i].trim();
                        parameters.put("p" + (i + 1), template(Json.NODES.textNode(v.contains("{{") ? "=" + v : v),
                                "options.queryReplacement " + (i + 1)));
                    }
                }
                ObjectNode config = Json.object().put("query", POSITIONAL.matcher(query).replaceAll(":p$1"));
                if (!parameters.isEmpty()) {
                    config.set("parameters", parameters);
                }
                return plain("database_query", config, "database_query; $n parameters become :pn");
            }
            case "select" -> {
                if (p.path("where").path("values").size() > 0) {
                    throw new Unmapped("its select has where conditions; write them as a query");
                }
                String limit = p.path("returnAll").asBoolean(false) ? "" : " limit " + p.path("limit").asInt(50);
                return plain("database_query", Json.object().put("query", "select * from " + qualified + limit),
                        "database_query select * from " + qualified + limit);
            }
            case "insert", "upsert", "update" -> {
                if ("defineBelow".equals(p.path("columns").path("mappingMode").asText())) {
                    throw new Unmapped("its columns are mapped one by one; the product writes the input's fields "
                            + "(map them with a transform before it)");
                }
                ObjectNode config = Json.object().put("table", qualified).put("mode", operation);
                if (!"insert".equals(operation)) {
                    ArrayNode key = config.putArray("key");
                    JsonNode match = p.path("columns").path("matchingColumns");
                    if (match.isArray() && !match.isEmpty()) {
                        match.forEach(key::add);
                    } else {
                        key.add(p.path("columnToMatchOn").asText("id"));
                    }
                }
                return plain("database_write", config, "database_write " + operation + " into " + qualified);
            }
            default -> throw new Unmapped("operation '" + operation + "' is not imported");
        }
    }

    private Mapping http(JsonNode p) throws Unmapped {
        String method = p.path("method").asText(p.path("requestMethod").asText("GET")).toUpperCase(Locale.ROOT);
        ObjectNode config = Json.object().put("url", param(p, "url")).put("method", method);
        if (p.path("sendQuery").asBoolean(false)) {
            config.set("query", pairs(p.path("queryParameters").path("parameters"), "queryParameters"));
        }
        if (p.path("sendHeaders").asBoolean(false)) {
            config.set("headers", pairs(p.path("headerParameters").path("parameters"), "headerParameters"));
        }
        if (p.path("sendBody").asBoolean(false)) {
            if ("json".equals(p.path("specifyBody").asText("keypair"))) {
                JsonNode raw = p.path("jsonBody");
                String path = N8nExpressions.isExpression(raw) ? expressions.wholePath(raw.asText()) : null;
                if (path != null) {
                    config.put("body", "{{ " + path + " }}");
                } else {
                    String text = template(raw, "jsonBody");
                    try {
                        config.set("body", Json.parse(quoteBarePlaceholders(text)));
                    } catch (RuntimeException e) {
                        throw new Unmapped("jsonBody is not JSON once its paths are templates");
                    }
                }
            } else {
                config.set("body", pairs(p.path("bodyParameters").path("parameters"), "bodyParameters"));
            }
        }
        if (p.path("options").path("response").path("response").path("neverError").asBoolean(false)) {
            config.put("fail_on_status", false);
        }
        return new Mapping("api_call", config, "api_call " + method + " " + p.path("url").asText()
                + "; its connections carry the response body, what n8n's next node reads", Kind.HTTP, List.of(), -1, 0, false);
    }

    private ObjectNode pairs(JsonNode parameters, String field) throws Unmapped {
        ObjectNode out = Json.object();
        for (JsonNode pair : parameters) {
            out.put(pair.path("name").asText(), template(pair.path("value"), field + "." + pair.path("name").asText()));
        }
        return out;
    }

    private Mapping respond(JsonNode p) throws Unmapped {
        ObjectNode config = Json.object().put("status", p.path("options").path("responseCode").asInt(200));
        JsonNode headers = p.path("options").path("responseHeaders").path("entries");
        if (headers.isArray() && !headers.isEmpty()) {
            config.set("headers", pairs(headers, "responseHeaders"));
        }
        String with = p.path("respondWith").asText("firstIncomingItem");
        switch (with) {
            case "firstIncomingItem", "allIncomingItems" -> {
                // the input is the body (the respond node's default)
            }
            case "noData" -> config.put("body", "");
            case "text" -> config.put("body", param(p, "responseBody"));
            case "json" -> {
                JsonNode raw = p.path("responseBody");
                String path = N8nExpressions.isExpression(raw) ? expressions.wholePath(raw.asText()) : null;
                if (path != null) {
                    config.put("body", "{{ " + path + " }}");
                } else {
                    String text = template(raw, "responseBody");
                    try {
                        config.set("body", Json.parse(quoteBarePlaceholders(text)));
                    } catch (RuntimeException e) {
                        throw new Unmapped("responseBody is not JSON once its paths are templates");
                    }
                }
            }
            default -> throw new Unmapped("it responds with " + with + "; the product answers with data or text");
        }
        return plain("respond", config, "respond " + config.path("status").asInt() + " with "
                + ("firstIncomingItem".equals(with) || "allIncomingItems".equals(with) ? "its input" : "its " + with + " body"));
    }

    /**
     * JSON text whose values may be bare placeholders ({@code "total": {{ data.total }}}, as n8n writes JSON bodies)
     * with those placeholders quoted: a string that is exactly one placeholder renders as the value itself.
     */
    static String quoteBarePlaceholders(String json) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < json.length()) {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (json.startsWith("{{", i) && json.indexOf("}}", i) > 0) {
                int end = json.indexOf("}}", i) + 2;
                out.append('"').append(json, i, end).append('"');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
