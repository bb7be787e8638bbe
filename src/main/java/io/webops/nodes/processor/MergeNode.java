package io.webops.nodes.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.nodes.Category;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;

/**
 * Joins branches (waits for every active predecessor, inputs merged as §4 says) or gathers the
 * per-item outputs of the split or loop it closes, in item order. The runtime does the waiting
 * and gathering; the node passes what it received on.
 */
public final class MergeNode implements NodeType {

    public static final String ID = "merge";

    @Override
    public String id() {
        return ID;
    }

    /** A merge gathers items unless it is told to join. */
    @Override
    public Flow flow(Node node) {
        JsonNode mode = node.config().get("mode");
        return mode == null || !"join".equals(mode.asText()) ? Flow.GATHER : Flow.PLAIN;
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Merge";
    }

    @Override
    public String description() {
        return "Join branches, or gather the items of a split/loop into an array in item order.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .enumeration("mode", "Mode", "gather: the per-item outputs of the split/loop it closes; "
                        + "join: wait for every active predecessor and merge their data", "gather", "join")
                .build();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        return call -> NodeResult.of(call.input());
    }
}
