package io.webops.nodes.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.TemplateChecks;
import io.webops.nodes.WorkflowState;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code state}: get, set or delete a key of the key-value state the workflow keeps between runs (what the last
 * scheduled run saw, a cursor, a counter). Keys are the workflow's own unless {@code scope} is {@code owner}, shared
 * by the workflows of the same owner. Output: {@code {key, found, value}} for get, {@code {key, value}} for set,
 * {@code {key, deleted}} for delete.
 */
public final class StateNode implements NodeType {

    private static final String GET = "get";
    private static final String SET = "set";
    private static final String DELETE = "delete";

    @Override
    public String id() {
        return "state";
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Workflow State";
    }

    @Override
    public String description() {
        return "Get, set or delete a key the workflow keeps between runs (e.g. whether the last check was down).";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .enumeration("operation", "Operation", "get, set or delete the key", GET, SET, DELETE)
                .template("key", "Key", "Name of the value, at most " + WorkflowState.MAX_KEY_LENGTH
                        + " characters; templates allowed")
                .any("value", "Value", "For set: what to keep, any JSON up to " + WorkflowState.MAX_VALUE_BYTES / 1024
                        + " KB (default: the input); templates allowed")
                .any("default", "Default", "For get: the value when the key is not set (default: null)")
                .enumeration("scope", "Scope", "workflow: this workflow's own keys; owner: keys shared by the workflows"
                        + " of this workflow's owner", "workflow", "owner")
                .defaultValue("scope", "workflow")
                .required("operation", "key")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        TemplateChecks.fields(node, problems, "key");
        String key = node.configText("key", null);
        if (key != null && !key.contains("{{") && key.length() > WorkflowState.MAX_KEY_LENGTH) {
            problems.accept(ValidationError.ofNode(node.id(), "config.key", "Node '" + node.id() + "': config.key is longer than "
                    + WorkflowState.MAX_KEY_LENGTH + " characters"));
        }
        String operation = node.configText("operation", "");
        if (node.config().has("value") && !operation.equals(SET)) {
            problems.accept(ValidationError.ofNode(node.id(), "config.value", "Node '" + node.id()
                    + "': config.value is only for operation set; remove it or set operation to set"));
        }
        if (node.config().has("default") && !operation.equals(GET)) {
            problems.accept(ValidationError.ofNode(node.id(), "config.default", "Node '" + node.id()
                    + "': config.default is only for operation get; remove it or set operation to get"));
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        String operation = node.configText("operation", GET);
        Template key = Template.parse(node.configText("key", ""));
        JsonNode value = node.config().get("value");
        JsonNode fallback = node.config().has("default") ? node.config().get("default") : Json.NODES.nullNode();
        WorkflowState.Scope scope = WorkflowState.Scope.valueOf(node.configText("scope", "workflow").toUpperCase(Locale.ROOT));
        WorkflowState state = services.state();
        return call -> {
            String workflowId = call.vars().lookup("execution").path("workflow_id").asText();
            String k = key(node, key.render(call.vars()));
            ObjectNode out = Json.object().put("key", k);
            switch (operation) {
                case SET -> {
                    JsonNode v = value == null ? call.input() : Template.renderDeep(value, call.vars());
                    int bytes = Json.write(v).getBytes(StandardCharsets.UTF_8).length;
                    if (bytes > WorkflowState.MAX_VALUE_BYTES) {
                        throw NodeFailure.data("Node '" + node.id() + "': the value for key '" + k + "' is " + bytes
                                + " bytes of JSON; a state value may be at most " + WorkflowState.MAX_VALUE_BYTES + " bytes");
                    }
                    if (!state.set(workflowId, scope, k, v)) {
                        throw NodeFailure.data("Node '" + node.id() + "': the " + scope.name().toLowerCase(Locale.ROOT)
                                + " state already holds " + WorkflowState.MAX_KEYS + " keys, the most it may;"
                                + " delete keys it no longer needs before adding '" + k + "'");
                    }
                    out.set("value", v);
                }
                case DELETE -> out.put("deleted", state.delete(workflowId, scope, k));
                default -> {
                    Optional<JsonNode> found = state.get(workflowId, scope, k);
                    out.put("found", found.isPresent());
                    out.set("value", found.orElse(fallback));
                }
            }
            return NodeResult.of(out);
        };
    }

    private static String key(Node node, String key) {
        if (key.isBlank()) {
            throw NodeFailure.data("Node '" + node.id() + "': config.key rendered empty: say which key to use");
        }
        if (key.length() > WorkflowState.MAX_KEY_LENGTH) {
            throw NodeFailure.data("Node '" + node.id() + "': config.key rendered " + key.length() + " characters; a key may be at most "
                    + WorkflowState.MAX_KEY_LENGTH);
        }
        return key;
    }
}
