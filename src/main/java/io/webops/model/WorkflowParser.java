package io.webops.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the canvas JSON of §2 into a {@link Workflow}, collecting every structural problem rather
 * than stopping at the first. Type-specific checks (config schemas, expressions, cycles) belong
 * to validation; this class only makes sure the document has the shape of a workflow.
 */
public final class WorkflowParser {

    /** The outcome: a workflow as complete as the document allows, and what was wrong with it. */
    public record Parsed(Workflow workflow, List<ValidationError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The longest workflow name the store keeps. */
    public static final int MAX_NAME_LENGTH = 1_000;

    private final List<ValidationError> errors = new ArrayList<>();

    private WorkflowParser() {
    }

    public static Parsed parse(JsonNode document) {
        WorkflowParser parser = new WorkflowParser();
        Workflow workflow = parser.read(document);
        return new Parsed(workflow, List.copyOf(parser.errors));
    }

    private Workflow read(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            errors.add(ValidationError.ofDocument(null, "A workflow document must be a JSON object"));
            return new Workflow("", null, Trigger.MANUAL, Settings.DEFAULTS, List.of(), List.of(),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        String name = text(doc, "name", null, "name");
        if (name == null || name.isBlank()) {
            errors.add(ValidationError.ofDocument("name", "name is required"));
            name = "";
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(ValidationError.ofDocument("name", "name is " + name.length() + " characters long, more than the "
                    + MAX_NAME_LENGTH + " a workflow name may have"));
        }
        String description = text(doc, "description", null, "description");
        Trigger trigger = trigger(doc.get("trigger"));
        Settings settings = settings(doc.get("settings"));
        List<Node> nodes = nodes(doc.get("nodes"));
        List<Connection> connections = connections(doc.get("connections"));
        return new Workflow(name, description, trigger, settings, nodes, connections, (ObjectNode) doc);
    }

    private Trigger trigger(JsonNode t) {
        if (t == null || t.isNull()) {
            return Trigger.MANUAL;
        }
        if (!t.isObject()) {
            errors.add(ValidationError.ofDocument("trigger", "trigger must be an object such as {\"type\": \"manual\"}"));
            return Trigger.MANUAL;
        }
        String typeText = text(t, "type", "manual", "trigger.type");
        TriggerType type;
        try {
            type = TriggerType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(ValidationError.ofDocument("trigger.type",
                    "trigger.type '" + typeText + "' is unknown; use manual, webhook, schedule, event or kamelet"));
            return Trigger.MANUAL;
        }
        Trigger.Respond respond = null;
        String method = null;
        Long maxBodyBytes = null;
        if (type == TriggerType.WEBHOOK) {
            maxBodyBytes = optionalPositiveLong(t, "max_body_bytes", "trigger.max_body_bytes");
            String respondText = text(t, "respond", "immediately", "trigger.respond");
            try {
                respond = Trigger.Respond.valueOf(respondText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(ValidationError.ofDocument("trigger.respond",
                        "trigger.respond '" + respondText + "' is unknown; use immediately or when_finished"));
                respond = Trigger.Respond.IMMEDIATELY;
            }
            method = text(t, "method", "POST", "trigger.method").toUpperCase(Locale.ROOT);
        }
        JsonNode auth = t.get("auth");
        return new Trigger(type,
                text(t, "cron", null, "trigger.cron"),
                text(t, "timezone", null, "trigger.timezone"),
                text(t, "path", null, "trigger.path"),
                method,
                respond,
                auth == null || auth.isNull() ? null : auth,
                text(t, "on", null, "trigger.on"),
                text(t, "workflow", null, "trigger.workflow"),
                maxBodyBytes);
    }

    private Settings settings(JsonNode s) {
        if (s == null || s.isNull()) {
            return Settings.DEFAULTS;
        }
        if (!s.isObject()) {
            errors.add(ValidationError.ofDocument("settings", "settings must be an object"));
            return Settings.DEFAULTS;
        }
        Settings d = Settings.DEFAULTS;
        return new Settings(
                positiveInt(s, "timeout_seconds", d.timeoutSeconds(), "settings.timeout_seconds", null),
                bool(s, "retry_on_failure", d.retryOnFailure(), "settings.retry_on_failure", null),
                nonNegativeInt(s, "max_retries", d.maxRetries(), "settings.max_retries", null),
                optionalPositiveInt(s, "history_max_age_days", "settings.history_max_age_days"),
                optionalPositiveInt(s, "history_max_executions", "settings.history_max_executions"),
                saveExecutionData(s));
    }

    private SaveExecutionData saveExecutionData(JsonNode s) {
        String text = text(s, "save_execution_data", SaveExecutionData.ALL.id(), "settings.save_execution_data");
        for (SaveExecutionData v : SaveExecutionData.values()) {
            if (v.id().equals(text)) {
                return v;
            }
        }
        errors.add(ValidationError.ofDocument("settings.save_execution_data", "settings.save_execution_data '" + text
                + "' is unknown; use all, errors_only or none"));
        return SaveExecutionData.ALL;
    }

    private List<Node> nodes(JsonNode array) {
        List<Node> nodes = new ArrayList<>();
        if (array == null || !array.isArray()) {
            errors.add(ValidationError.ofDocument("nodes", "nodes is required and must be an array"));
            return nodes;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            String at = "nodes[" + i + "]";
            if (!n.isObject()) {
                errors.add(ValidationError.ofDocument(at, at + " must be an object"));
                continue;
            }
            String id = text(n, "id", null, at + ".id");
            if (id == null || id.isBlank()) {
                errors.add(ValidationError.ofDocument(at + ".id", at + ".id is required"));
                continue;
            }
            if (!seen.add(id)) {
                errors.add(ValidationError.ofNode(id, "id", "Node id '" + id + "' is used by more than one node"));
                continue;
            }
            String place = "nodes[" + id + "]";
            String type = text(n, "type", null, place + ".type");
            if (type == null || type.isBlank()) {
                errors.add(ValidationError.ofNode(id, "type", "Node '" + id + "': type is required"));
                type = "";
            }
            JsonNode config = n.get("config");
            if (config == null || config.isNull()) {
                config = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            } else if (!config.isObject()) {
                errors.add(ValidationError.ofNode(id, "config", "Node '" + id + "': config must be an object"));
                config = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            nodes.add(new Node(id, type,
                    text(n, "label", id, place + ".label"),
                    config,
                    text(n, "credential", null, place + ".credential"),
                    bool(n, "enabled", true, "enabled", id),
                    positiveInt(n, "timeout_seconds", Node.DEFAULT_TIMEOUT_SECONDS, "timeout_seconds", id),
                    bool(n, "retry_on_failure", false, "retry_on_failure", id),
                    nonNegativeInt(n, "max_retries", 1, "max_retries", id)));
        }
        return nodes;
    }

    private List<Connection> connections(JsonNode array) {
        List<Connection> connections = new ArrayList<>();
        if (array == null || !array.isArray()) {
            errors.add(ValidationError.ofDocument("connections", "connections is required and must be an array"));
            return connections;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode c = array.get(i);
            String at = "connections[" + i + "]";
            if (!c.isObject()) {
                errors.add(ValidationError.ofConnection(i, at, at + " must be an object"));
                continue;
            }
            String source = connectionText(c, "source", i);
            String target = connectionText(c, "target", i);
            if (source == null || target == null) {
                continue;
            }
            String sourceHandle = connectionTextOr(c, "sourceHandle", Connection.OUTPUT, i);
            String targetHandle = connectionTextOr(c, "targetHandle", Connection.INPUT, i);
            connections.add(new Connection(i, source, target, sourceHandle, targetHandle,
                    condition(c.get("condition"), i), transform(c.get("transform"), i)));
        }
        return connections;
    }

    private ConditionSpec condition(JsonNode condition, int i) {
        if (condition == null || condition.isNull()) {
            return null;
        }
        if (condition.isTextual()) {
            return new ConditionSpec(ConditionSpec.DEFAULT_LANGUAGE, condition.asText());
        }
        JsonNode expression = condition.get("expression");
        JsonNode language = condition.path("language");
        if (condition.isObject() && expression != null && expression.isTextual()
                && (language.isMissingNode() || language.isNull() || language.isTextual())) {
            return new ConditionSpec(language.isTextual() ? language.asText() : ConditionSpec.DEFAULT_LANGUAGE,
                    expression.asText());
        }
        errors.add(ValidationError.ofConnection(i, "connections[" + i + "].condition",
                "Connection " + i + ": condition must be {\"expression\": \"...\"} with an optional "
                        + "\"language\": \"webops\" or \"jsonata\""));
        return null;
    }

    private TransformSpec transform(JsonNode transform, int i) {
        if (transform == null || transform.isNull()) {
            return null;
        }
        String at = "connections[" + i + "].transform";
        if (!transform.isObject() || !transform.path("type").isTextual()) {
            errors.add(ValidationError.ofConnection(i, at,
                    "Connection " + i + ": transform must be {\"type\": \"jmespath|jsonpath|jslt|jsonata|template\", \"query\": \"...\"}"));
            return null;
        }
        String type = transform.get("type").asText();
        JsonNode query = "template".equals(type) && transform.has("template") ? transform.get("template") : transform.get("query");
        if (query == null || !query.isTextual()) {
            errors.add(ValidationError.ofConnection(i, at + ("template".equals(type) ? ".template" : ".query"),
                    "Connection " + i + ": transform." + ("template".equals(type) ? "template" : "query") + " is required"));
            return null;
        }
        return new TransformSpec(type, query.asText());
    }

    private String connectionText(JsonNode c, String field, int i) {
        JsonNode v = c.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            errors.add(ValidationError.ofConnection(i, "connections[" + i + "]." + field,
                    "Connection " + i + ": " + field + " is required"));
            return null;
        }
        return v.asText();
    }

    private String connectionTextOr(JsonNode c, String field, String fallback, int i) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            errors.add(ValidationError.ofConnection(i, "connections[" + i + "]." + field,
                    "Connection " + i + ": " + field + " must be a string"));
            return fallback;
        }
        return v.asText();
    }

    private String text(JsonNode o, String field, String fallback, String path) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            errors.add(ValidationError.ofDocument(path, path + " must be a string"));
            return fallback;
        }
        return v.asText();
    }

    private boolean bool(JsonNode o, String field, boolean fallback, String path, String nodeId) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            errors.add(problem(nodeId, path, "must be true or false"));
            return fallback;
        }
        return v.asBoolean();
    }

    private int positiveInt(JsonNode o, String field, int fallback, String path, String nodeId) {
        int value = nonNegativeInt(o, field, fallback, path, nodeId);
        if (value == 0 && o.has(field)) {
            errors.add(problem(nodeId, path, "must be at least 1"));
            return fallback;
        }
        return value;
    }

    /** A positive whole number, or {@code null} when the field is absent (the caller's default then applies). */
    private Integer optionalPositiveInt(JsonNode o, String field, String path) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            errors.add(problem(null, path, "must be a whole number, 1 or more"));
            return null;
        }
        return v.asInt();
    }

    private Long optionalPositiveLong(JsonNode o, String field, String path) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
            errors.add(problem(null, path, "must be a whole number of bytes, 1 or more"));
            return null;
        }
        return v.asLong();
    }

    private int nonNegativeInt(JsonNode o, String field, int fallback, String path, String nodeId) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            errors.add(problem(nodeId, path, "must be a whole number, 0 or more"));
            return fallback;
        }
        return v.asInt();
    }

    private static ValidationError problem(String nodeId, String path, String what) {
        return nodeId == null
                ? ValidationError.ofDocument(path, path + " " + what)
                : ValidationError.ofNode(nodeId, path, "Node '" + nodeId + "': " + path + " " + what);
    }
}
