package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.expr.Vars;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Schema;
import io.webops.schema.ConfigSchemas;
import java.util.function.Consumer;

/** What the LLM and agent node types share: model fields, template fields with the seed's {@code {content}}, checks. */
final class AgentNodeSupport {

    private AgentNodeSupport() {
    }

    /** The model a node may override: its name, temperature, answer length. */
    static Schema modelFields(Schema s) {
        return s.string("credential", "Credential", "An openai credential (base URL, key, default model); default: the agent's, else the server's WEBOPS_LLM_* settings")
                .string("model", "Model", "Overrides the model of the credential, agent or server default (e.g. gpt-4o-mini)")
                .number("temperature", "Temperature", "Sampling temperature, 0 to 2 (server default when unset)")
                .integer("max_tokens", "Max tokens", "Longest answer, in tokens (server default when unset)")
                .minimum("max_tokens", 1);
    }

    static Schema agentField(Schema s) {
        return s.template("agent", "Agent", "Id of the agent (GET /api/agents; a file agents/<id>.yaml in the data folder); templates allowed");
    }

    /** Adds a JSON Schema field (an object) to a built schema. */
    static ObjectNode withSchemaField(ObjectNode schema, String description) {
        ObjectNode f = ((ObjectNode) schema.get("properties")).putObject("schema");
        f.put("type", "object");
        f.put("title", "Answer schema");
        f.put("description", description);
        return schema;
    }

    static ObjectNode temperatureBounds(ObjectNode schema) {
        ObjectNode t = (ObjectNode) schema.get("properties").get("temperature");
        t.put("minimum", 0);
        t.put("maximum", 2);
        return schema;
    }

    /** Parses a config string as a template with {@code {{ }}} and the seed's {@code {name}} placeholders. */
    static Template template(Node node, String field) {
        String text = node.configText(field, null);
        return text == null ? null : Template.parse(text, Template.Syntax.BRACE);
    }

    /** A config value of any JSON shape, its strings rendered; null when unset. */
    static JsonNode renderDeep(Node node, String field, Vars vars) {
        JsonNode v = node.config().get(field);
        return v == null || v.isNull() ? null : Template.renderDeep(v, vars, Template.Syntax.BRACE);
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isTextual() ? value.asText() : Json.write(value);
    }

    static ConfigSchemas answerSchema(Node node) {
        JsonNode s = node.config().get("schema");
        return s == null || s.isNull() ? null : ConfigSchemas.compile(s);
    }

    static void checkTemplates(Node node, Consumer<ValidationError> problems, String... fields) {
        for (String field : fields) {
            JsonNode v = node.config().get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            try {
                if (v.isTextual()) {
                    Template.parse(v.asText(), Template.Syntax.BRACE);
                } else if (v.isContainerNode()) {
                    checkDeep(v);
                }
            } catch (RuntimeException e) {
                problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                        "Node '" + node.id() + "': config." + field + " is not a valid template: " + e.getMessage()));
            }
        }
    }

    private static void checkDeep(JsonNode v) {
        if (v.isTextual()) {
            Template.parse(v.asText(), Template.Syntax.BRACE);
        }
        for (JsonNode child : v) {
            checkDeep(child);
        }
    }

    /**
     * The agent is named by id, a template too ({@code {{ data.agent }}}); only its template syntax
     * is checked here: a rendered id that is not a safe file name is refused when the node runs.
     */
    static void checkAgent(Node node, Consumer<ValidationError> problems) {
        checkTemplates(node, problems, "agent");
    }

    static void checkSchema(Node node, Consumer<ValidationError> problems) {
        try {
            answerSchema(node);
        } catch (IllegalArgumentException e) {
            problems.accept(ValidationError.ofNode(node.id(), "config.schema",
                    "Node '" + node.id() + "': config.schema is not a usable JSON Schema: " + e.getMessage()));
        }
    }
}
