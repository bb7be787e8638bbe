package io.webops.nodes.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.nodes.Category;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;

/**
 * Receives failures: connected to a node's {@code error} handle, or with no incoming connection
 * as the workflow's catch-all. Its output is the error ({@code message, type, node_id, input}).
 */
public final class ErrorHandlerNode implements NodeType {

    public static final String ID = "error_handler";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Flow flow(Node node) {
        return Flow.CATCH_ALL;
    }

    @Override
    public Category category() {
        return Category.CONTROL;
    }

    @Override
    public String title() {
        return "Error Handler";
    }

    @Override
    public String description() {
        return "Receives a failure (message, type, node_id, input): from a node's error handle, or, "
                + "with no incoming connection, any failure of the workflow.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .bool("rethrow", "Rethrow", "After handling, fail the execution with the original error")
                .defaultValue("rethrow", false)
                .build();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        boolean rethrow = node.config().path("rethrow").asBoolean(false);
        return call -> {
            if (rethrow) {
                throw new NodeFailure("Rethrown", call.input().path("message").asText("failed"), false);
            }
            return NodeResult.of(call.input());
        };
    }
}
