package io.webops.nodes.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.WorkflowRunner;

/**
 * Runs another workflow with this node's input (or the rendered {@code input}) and, when asked
 * to wait, returns its output. Waiting holds the calling thread until the child ends (bounded by
 * the child's timeout); nesting is limited so a workflow calling itself cannot run away.
 */
public final class SubWorkflowNode implements NodeType {

    public static final String ID = "sub_workflow";
    static final int MAX_DEPTH = 8;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.CONTROL;
    }

    @Override
    public String title() {
        return "Sub-workflow";
    }

    @Override
    public String description() {
        return "Run another workflow with this input; with wait, its output becomes this node's output.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("workflow", "Workflow", "Id of the workflow to run")
                .bool("wait", "Wait", "Wait for it to finish and return its output (else return its execution id at once)")
                .defaultValue("wait", true)
                .any("input", "Input", "What to pass (default: this node's input); templates allowed")
                .required("workflow")
                .build();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        String workflow = node.config().path("workflow").asText();
        boolean wait = node.config().path("wait").asBoolean(true);
        JsonNode input = node.config().get("input");
        return call -> {
            JsonNode trigger = call.vars().lookup("trigger");
            int depth = trigger == null ? 0 : trigger.path("depth").asInt(0);
            if (depth >= MAX_DEPTH) {
                throw NodeFailure.config("Node '" + node.id() + "': sub-workflows are nested " + MAX_DEPTH
                        + " deep; a workflow is probably calling itself");
            }
            ObjectNode triggerData = Json.object()
                    .put("parent_execution_id", call.executionId())
                    .put("parent_node", node.id())
                    .put("depth", depth + 1);
            JsonNode childInput = input == null ? call.input() : Template.renderDeep(input, call.vars());
            WorkflowRunner.Child child = services.workflows().run(workflow, childInput, triggerData, wait);
            if (!wait) {
                return NodeResult.of(Json.object().put("execution_id", child.executionId()).put("status", child.status()));
            }
            if (!"success".equals(child.status())) {
                throw new NodeFailure("SubWorkflowFailed", "Node '" + node.id() + "': workflow '" + workflow + "' ended "
                        + child.status() + " (execution " + child.executionId() + ")"
                        + (child.error() == null ? "" : ": " + child.error()), false);
            }
            return NodeResult.of(child.output() == null ? Json.NODES.nullNode() : child.output())
                    .withDetails(Json.object().put("execution_id", child.executionId()));
        };
    }
}
