package io.webops.nodes.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;

/** The execution's input as it came; method, headers and query are under {@code trigger}. */
public final class WebhookInputNode implements NodeType {

    @Override
    public String id() {
        return "webhook_input";
    }

    @Override
    public Category category() {
        return Category.SOURCE;
    }

    @Override
    public String title() {
        return "Webhook Input";
    }

    @Override
    public String description() {
        return "The execution's input as it came: the webhook's (or manual run's) body. "
                + "Method, headers and query are under trigger.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.empty();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        return call -> NodeResult.of(call.input());
    }
}
